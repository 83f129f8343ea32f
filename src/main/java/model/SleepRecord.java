package model;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A sleep session [start, end) with its stages (empty when the provider keeps none), oldest first. Conflicts
 * between sleeps are overlapping sessions (docs/architecture.md §8).
 */
public record SleepRecord(Instant start, Instant end, List<SleepStage> stages, ZoneOffset zoneOffset, Provenance provenance)
        implements HealthRecord {

    public SleepRecord {
        if (start == null || end == null || !start.isBefore(end)) {
            throw new IllegalArgumentException("a sleep needs start < end, got " + start + " .. " + end);
        }
        stages = stages == null ? List.of() : List.copyOf(stages);
    }

    @Override
    public DataType type() {
        return DataType.SLEEP;
    }

    public Duration duration() {
        return Duration.between(start, end);
    }

    /** The time asleep by the stages ({@link SleepStage.Level#asleep}); the whole duration when no stage is known. */
    public Duration asleep() {
        if (stages.isEmpty()) {
            return duration();
        }
        return stages.stream().filter(stage -> stage.level().asleep())
                .map(stage -> Duration.between(stage.start(), stage.end())).reduce(Duration.ZERO, Duration::plus);
    }

    /** Same period to the second and the same stages: writing one over the other changes nothing. */
    @Override
    public boolean sameValueAs(HealthRecord other) {
        return other instanceof SleepRecord s
                && Records.sameSecond(s.start, start) && Records.sameSecond(s.end, end)
                && sameStages(s.stages);
    }

    private boolean sameStages(List<SleepStage> others) {
        if (others.size() != stages.size()) {
            return false;
        }
        for (int i = 0; i < stages.size(); i++) {
            SleepStage a = stages.get(i);
            SleepStage b = others.get(i);
            if (a.level() != b.level() || !Records.sameSecond(a.start(), b.start()) || !Records.sameSecond(a.end(), b.end())) {
                return false;
            }
        }
        return true;
    }
}
