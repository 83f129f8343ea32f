package state;

import java.time.Duration;

/**
 * The scheduler's settings: {@code tick} how often due connections are looked for, {@code minInterval} the shortest
 * {@code schedule} the API accepts, and the reconciliation pass — every {@code reconcileInterval}, a cold job per data
 * type over the last {@code reconcileWindow}, for data that reached the source after its period was synced.
 */
public record ScheduleSettings(Duration tick, Duration minInterval, Duration reconcileInterval, Duration reconcileWindow) {

    private static final Duration SHORTEST_CLAIM = Duration.ofSeconds(5);

    /**
     * How long a scheduler's claim on a due connection holds: handling one takes milliseconds, so a claim still there
     * after three ticks is a dead replica's, and another takes the run over.
     */
    public Duration claimLease() {
        Duration threeTicks = tick.multipliedBy(3);
        return threeTicks.compareTo(SHORTEST_CLAIM) < 0 ? SHORTEST_CLAIM : threeTicks;
    }
}
