package sandbox.common;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The accounts of one simulated provider. */
public final class SandboxUsers<U extends SandboxUser> {

    /** Makes a user; {@code seenAt} null means "no generated history" (users created by the test API). */
    public interface Factory<U> {
        U create(String id, Instant seenAt);
    }

    private final Factory<U> factory;
    private final ConcurrentMap<String, U> users = new ConcurrentHashMap<>();

    public SandboxUsers(Factory<U> factory) {
        this.factory = factory;
    }

    /** The user, generated with history up to {@code now} when this is the first time anyone sees it. */
    public U firstSight(String id, Instant now) {
        return users.computeIfAbsent(id, key -> factory.create(key, now));
    }

    /** The user, created without any history when unknown. */
    public U ensure(String id) {
        return users.computeIfAbsent(id, key -> factory.create(key, null));
    }

    public Optional<U> find(String id) {
        return Optional.ofNullable(users.get(id));
    }

    public boolean exists(String id) {
        return users.containsKey(id);
    }

    public List<String> ids() {
        List<String> ids = new ArrayList<>(users.keySet());
        ids.sort(null);
        return ids;
    }
}
