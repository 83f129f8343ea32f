package sandbox.common;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Faults the test API arms for one user of one provider: the next N matching API calls of that
 * user answer an error status, a truncated body, come late or break off with the connection.
 */
public final class SandboxFaults {

    /**
     * One armed fault.
     *
     * @param status       the status to answer, or 0 for "answer normally" (with malformed or delay)
     * @param method       HTTP method the call must have, or null for any
     * @param pathContains text the request path must contain, or null for any
     * @param malformed    answer 200 with the first half of the real body
     * @param delayMillis  wait this long before answering
     * @param dropped      announce the whole body (Content-Length), send half of it, then reset the stream
     * @param inflateTo    answer the real body with its longest array's elements repeated until it is about this many
     *                     bytes (0: as it is): a broken or hostile provider's huge answer
     */
    public record Fault(int status, String method, String pathContains, boolean malformed, long delayMillis, boolean dropped,
                 long inflateTo) {

        boolean matches(String callMethod, String path) {
            return (method == null || method.equalsIgnoreCase(callMethod))
                    && (pathContains == null || path.contains(pathContains));
        }
    }

    private static final class Armed {
        private final Fault fault;
        private int remaining;
        /** Matching calls still to let through before the fault fires: a failure in the middle of a job. */
        private int toLetThrough;

        private Armed(Fault fault, int remaining, int toLetThrough) {
            this.fault = fault;
            this.remaining = remaining;
            this.toLetThrough = toLetThrough;
        }
    }

    private final ConcurrentMap<String, List<Armed>> byUser = new ConcurrentHashMap<>();

    public void arm(String userId, Fault fault, int count) {
        arm(userId, fault, count, 0);
    }

    /** Arms a fault for the {@code count} matching calls that follow the next {@code after} ones. */
    public void arm(String userId, Fault fault, int count, int after) {
        List<Armed> armed = byUser.computeIfAbsent(userId, id -> new ArrayList<>());
        synchronized (armed) {
            armed.add(new Armed(fault, count, after));
        }
    }

    public void clear(String userId) {
        byUser.remove(userId);
    }

    /** The first armed fault that matches this call, used up by one. */
    public Optional<Fault> take(String userId, String method, String path) {
        List<Armed> armed = byUser.get(userId);
        if (armed == null) {
            return Optional.empty();
        }
        synchronized (armed) {
            for (Iterator<Armed> it = armed.iterator(); it.hasNext(); ) {
                Armed candidate = it.next();
                if (candidate.fault.matches(method, path)) {
                    if (candidate.toLetThrough > 0) {
                        candidate.toLetThrough--;
                        return Optional.empty();
                    }
                    if (--candidate.remaining <= 0) {
                        it.remove();
                    }
                    return Optional.of(candidate.fault);
                }
            }
        }
        return Optional.empty();
    }
}
