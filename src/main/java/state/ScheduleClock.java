package state;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * When a connection's scheduled syncs and reconciliations fall due. Each connection keeps a fixed offset within its
 * period, drawn from its id: a tenth of the period at most (five minutes at most) for syncs, the whole interval for
 * reconciliations. A million connections made at once then do not all fire at the same second, and each one still
 * fires exactly once per period, at the same phase, for as long as its schedule stands.
 */
public final class ScheduleClock {

    private static final Duration LONGEST_SYNC_JITTER = Duration.ofMinutes(5);

    private ScheduleClock() {
    }

    /** The first scheduled sync of a schedule set at {@code now}: a period on, plus the connection's offset. */
    public static Instant firstSync(String connectionId, Duration period, Instant now) {
        return now.plus(period).plus(offset(connectionId, "sync", syncJitter(period)));
    }

    /** The first reconciliation of a connection made at {@code now}: an interval on, plus its offset within it. */
    public static Instant firstReconcile(String connectionId, Duration interval, Instant now) {
        return now.plus(interval).plus(offset(connectionId, "reconcile", interval));
    }

    /**
     * The run after the one due at {@code due}: a period later, at the same phase; runs missed while no scheduler ran
     * (more than a period ago) are not made up one by one — the next is the first one after {@code now}.
     */
    public static Instant following(Instant due, Duration period, Instant now) {
        Instant next = due.plus(period);
        if (!next.isAfter(now)) {
            long missed = Duration.between(next, now).toMillis() / period.toMillis() + 1;
            next = next.plus(period.multipliedBy(missed));
        }
        return next;
    }

    static Duration syncJitter(Duration period) {
        Duration tenth = period.dividedBy(10);
        return tenth.compareTo(LONGEST_SYNC_JITTER) > 0 ? LONGEST_SYNC_JITTER : tenth;
    }

    /** A stable pseudo-random point in [0, span) for this connection and purpose. */
    static Duration offset(String connectionId, String purpose, Duration span) {
        long spanMillis = span.toMillis();
        if (spanMillis <= 0) {
            return Duration.ZERO;
        }
        long draw = UUID.nameUUIDFromBytes((purpose + ":" + connectionId).getBytes(StandardCharsets.UTF_8))
                .getLeastSignificantBits();
        return Duration.ofMillis(Math.floorMod(draw, spanMillis));
    }
}
