package sandbox.common;

import java.util.List;

/** A sandbox account whose provider keeps workouts; the test API refuses activities for the others. */
public interface SandboxActivityUser {

    /** Workouts, oldest first. */
    List<SandboxActivityEntry> activityEntries();

    /** Adds workouts as if the user's device had recorded and uploaded them; all are checked before any is stored. */
    void addActivities(List<SandboxActivityEntry> entries);
}
