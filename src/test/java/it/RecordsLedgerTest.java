package it;

import static it.SyncScenario.awaitFinished;
import static it.SyncScenario.requestSync;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import support.ApiClient;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

/**
 * {@code GET /v1/connections/{id}/records}: every source record's fate as the jobs decided it — failed with the job's
 * reason when the destination refused the write, then written once a sync got through (the latest decision), and not
 * hidden by a later run that only found it there; filters, pages, another user's connection and bad queries.
 */
@Order(6)
@ExtendWith(SharedSyncWell.class)
class RecordsLedgerTest {

    private final SyncWellInstance app = SharedSyncWell.instance();

    @Test
    void aRecordsFateIsFailedWithTheReasonThenWrittenAndStaysWrittenWhenALaterRunFindsItThere() {
        TestUser user = TestUser.linkedWithNoData(app, "googlehealth", "googlefit");
        Instant morning = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MINUTES);
        app.sandbox().seed("googlehealth", user.providerUser("googlehealth"), "weight", List.of(
                Map.of("time", morning.toString(), "kg", 70.2), Map.of("time", morning.plus(Duration.ofHours(12)).toString(), "kg", 69.8)));
        String connection = user.connect("googlehealth", "googlefit", List.of("weight"));

        // Google Fit refuses the write once: the job is a dead letter, and each record it was to write failed
        app.sandbox().fault("googlefit", user.providerUser("googlefit"), Map.of("status", 400, "count", 1, "method", "PATCH"));
        JsonNode failed = awaitFinished(user, requestSync(user, connection).get(0));
        assertThat(failed.get("state").asText()).isEqualTo("MOVED_TO_DLQ");
        JsonNode failedFates = records(user, connection, "?outcome=failed");
        assertThat(failedFates).hasSize(2);
        for (JsonNode fate : failedFates) {
            assertThat(fate.get("dataType").asText()).isEqualTo("weight");
            assertThat(fate.get("jobId").asText()).isEqualTo(failed.get("id").asText());
            assertThat(fate.get("detail").asText()).contains("googlefit answered 400");
            assertThat(fate.get("destination").asText()).isEqualTo("googlefit");
        }

        JsonNode written = awaitFinished(user, requestSync(user, connection).get(0));
        assertThat(written.get("state").asText()).isEqualTo("SUCCEEDED");
        JsonNode again = awaitFinished(user, requestSync(user, connection).get(0));
        assertThat(again.at("/counts/written").asInt()).as("the second run finds them there").isZero();

        JsonNode fates = records(user, connection, "");
        assertThat(fates).hasSize(2);
        assertThat(fates.get(0).get("start").asText()).as("newest first").isEqualTo(morning.plus(Duration.ofHours(12)).toString());
        for (JsonNode fate : fates) {
            assertThat(fate.get("outcome").asText()).isEqualTo("written");
            assertThat(fate.get("detail").asText()).isEqualTo("created");
            assertThat(fate.get("jobId").asText()).as("the write, not the later run that found it").isEqualTo(written.get("id").asText());
            assertThat(fate.get("writtenAs").asText()).startsWith("syncwell-");
            assertThat(fate.get("sourceId").asText()).contains(user.providerUser("googlehealth"));
        }
        assertThat(fates.toString()).as("ids, times and outcomes only").doesNotContain("70.2", "69.8");
        assertThat(records(user, connection, "?outcome=failed")).isEmpty();
        assertThat(records(user, connection, "?dataType=steps")).isEmpty();
        assertThat(records(user, connection, "?from=" + morning.plus(Duration.ofHours(1)))).hasSize(1);
    }

    @Test
    void pagesFollowTheLinkAndBadQueriesAreRefusedNamingTheField() {
        TestUser user = TestUser.linkedWithNoData(app, "googlehealth", "googlefit");
        Instant start = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MINUTES);
        List<Map<String, Object>> weighings = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            weighings.add(Map.of("time", start.plus(Duration.ofHours(i)).toString(), "kg", 80 + i / 10.0));
        }
        app.sandbox().seed("googlehealth", user.providerUser("googlehealth"), "weight", weighings);
        String connection = user.connect("googlehealth", "googlefit", List.of("weight"));
        awaitFinished(user, requestSync(user, connection).get(0));

        List<String> paged = new ArrayList<>();
        String next = "/v1/connections/" + connection + "/records?outcome=written&limit=2";
        while (next != null) {
            ApiClient.Answer page = user.api.get(next);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().forEach(fate -> paged.add(fate.get("start").asText()));
            next = page.raw().headers().firstValue("Link").map(link -> link.replaceAll("^<([^>]+)>.*$", "$1")).orElse(null);
        }
        assertThat(paged).hasSize(5).doesNotHaveDuplicates();
        assertThat(paged).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        TestUser stranger = TestUser.linkedTo(app);
        assertThat(stranger.api.get("/v1/connections/" + connection + "/records").status()).isEqualTo(404);
        for (Map.Entry<String, String> bad : Map.of("?outcome=lost", "outcome", "?dataType=mood", "dataType",
                "?from=yesterday", "from", "?from=2026-01-10&to=2026-01-01", "from", "?from=2026-01-01&to=2026-03-01", "from").entrySet()) {
            ApiClient.Answer refused = user.api.get("/v1/connections/" + connection + "/records" + bad.getKey());
            assertThat(refused.status()).as(bad.getKey()).isEqualTo(400);
            assertThat(refused.json().get("field").asText()).as(bad.getKey()).isEqualTo(bad.getValue());
        }
        assertThat(user.api.get("/v1/connections/" + connection + "/records?cursor=bm90LWEtcG9zaXRpb24").status()).isEqualTo(400);
    }

    private static JsonNode records(TestUser user, String connection, String query) {
        ApiClient.Answer answer = user.api.get("/v1/connections/" + connection + "/records" + query);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }
}
