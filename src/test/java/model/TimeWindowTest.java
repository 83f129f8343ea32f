package model;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeWindowTest {

    private final TimeWindow window = new TimeWindow(Instant.parse("2026-11-24T10:00:00Z"), Instant.parse("2026-11-24T11:00:00.250Z"));

    @Test
    void anInstantRecordBelongsWhenItLiesInsideTheHalfOpenWindow() {
        assertThat(window.overlaps(window.from(), window.from())).isTrue();
        assertThat(window.overlaps(Instant.parse("2026-11-24T11:00:00Z"), Instant.parse("2026-11-24T11:00:00Z")))
                .as("in the last fraction of a second").isTrue();
        assertThat(window.overlaps(window.to(), window.to())).isFalse();
    }

    @Test
    void anIntervalBelongsWhenItOverlaps() {
        assertThat(window.overlaps(Instant.parse("2026-11-24T09:59:00Z"), Instant.parse("2026-11-24T10:00:01Z"))).isTrue();
        assertThat(window.overlaps(Instant.parse("2026-11-24T09:59:00Z"), window.from())).as("touching is not overlapping").isFalse();
    }

    @Test
    void anExclusiveEndInWholeSecondsKeepsTheWindowsLastFractionOfASecond() {
        // a measurement at 11:00:00 lies inside [.., 11:00:00.250): an exclusive end of 11:00:00 would drop it
        assertThat(TimeWindow.epochSecondRoundedUp(window.to())).isEqualTo(Instant.parse("2026-11-24T11:00:01Z").getEpochSecond());
        assertThat(TimeWindow.epochSecondRoundedUp(Instant.parse("2026-11-24T11:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-24T11:00:00Z").getEpochSecond());
    }

    @Test
    void anEmptyOrBackwardWindowIsRefused() {
        assertThatThrownBy(() -> new TimeWindow(window.from(), window.from())).isInstanceOf(IllegalArgumentException.class);
    }
}
