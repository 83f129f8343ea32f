package sandbox.common;

import java.util.List;

/**
 * A sandbox account whose provider keeps heart rate; the test API refuses heart rate for accounts of
 * providers that do not.
 */
public interface SandboxHeartRateUser {

    /** Heart-rate readings, oldest first. */
    List<SandboxHeartRateEntry> heartRateEntries();

    /** Adds readings as if the user's tracker or watch had taken them; all are checked before any is stored. */
    void addHeartRates(List<SandboxHeartRateEntry> entries);
}
