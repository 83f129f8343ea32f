package sandbox.common;

import java.util.List;

/** A sandbox account whose provider keeps sleep sessions; the test API refuses sleep for the others. */
public interface SandboxSleepUser {

    /** Sleep sessions, oldest first. */
    List<SandboxSleepEntry> sleepEntries();

    /** Adds sessions as if the user's tracker had recorded them; all are checked before any is stored. */
    void addSleeps(List<SandboxSleepEntry> entries);
}
