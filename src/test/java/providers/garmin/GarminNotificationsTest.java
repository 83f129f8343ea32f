package providers.garmin;

import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import model.DataType;
import providers.spi.PushNotification;
import providers.spi.PushReceiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Garmin's pings and pushes (docs/providers/garmin.md §6) as {@code /v1/webhooks/garmin} receives them. */
class GarminNotificationsTest {

    @Test
    void aPingNamesTheUserAndTheChangedSummaryTypes() {
        List<PushNotification> notifications = GarminNotifications.receive("""
                {"dailies":[{"userId":"u-1","callbackURL":"https://apis.garmin.com/wellness-api/rest/dailies?uploadStartTimeInSeconds=1709247600&uploadEndTimeInSeconds=1709251200&token=abc"}],
                 "sleeps":[{"userId":"u-1","callbackURL":"https://apis.garmin.com/wellness-api/rest/sleeps?uploadStartTimeInSeconds=1709247600&uploadEndTimeInSeconds=1709251200"}],
                 "epochs":[{"userId":"u-2","callbackURL":"https://apis.garmin.com/wellness-api/rest/epochs?uploadStartTimeInSeconds=1&uploadEndTimeInSeconds=2"}],
                 "stressDetails":[{"userId":"u-3","callbackURL":"https://apis.garmin.com/wellness-api/rest/stressDetails?x=1"}]}""");

        assertThat(notifications).as("types we do not read notify nobody").containsExactly(
                new PushNotification("u-1", EnumSet.of(DataType.HEART_RATE, DataType.SLEEP), false),
                new PushNotification("u-2", EnumSet.of(DataType.STEPS), false));
    }

    @Test
    void aPushOfSummariesIsCheckedAndNotifiesLikeAPing() {
        List<PushNotification> notifications = GarminNotifications.receive("""
                {"bodyComps":[{"userId":"u-1","summaryId":"bc-1","measurementTimeInSeconds":1709276700,
                   "measurementTimeOffsetInSeconds":3600,"weightInGrams":72450}],
                 "activityDetails":[{"userId":"u-1","summaryId":"9-detail","activityId":9,
                   "summary":{"activityType":"RUNNING","startTimeInSeconds":1709312400,"durationInSeconds":1800},"samples":[]}]}""");

        assertThat(notifications).containsExactly(new PushNotification("u-1", EnumSet.of(DataType.WEIGHT, DataType.ACTIVITIES), false));
    }

    @Test
    void malformedNotificationsAreRefusedWith400() {
        for (String body : List.of("", "[]", "not json", "{\"dailies\":{}}", "{\"dailies\":[{\"callbackURL\":\"https://x\"}]}",
                "{\"epochs\":[{\"userId\":\"u-1\",\"summaryId\":\"e\",\"steps\":5,\"durationInSeconds\":900}]}",
                "{\"sleeps\":[{\"userId\":\"u-1\"}]}")) {
            assertThatThrownBy(() -> GarminNotifications.receive(body)).as(body)
                    .isInstanceOfSatisfying(PushReceiver.PushRejectedException.class, e -> assertThat(e.status()).isEqualTo(400));
        }
    }

    @Test
    void anEmptyNotificationNotifiesNobody() {
        assertThat(GarminNotifications.receive("{}")).isEmpty();
        assertThat(GarminNotifications.receive("{\"dailies\":[]}")).isEmpty();
    }
}
