package model;

/** Life cycle of a sync job (docs/architecture.md §5). */
public enum JobState {
    QUEUED,
    IN_PROGRESS,
    RETRYING,
    DEFERRED,
    SUCCEEDED,
    FAILED,
    MOVED_TO_DLQ,
    /** A backfill window that had not run when its backfill was cancelled: it never will. */
    CANCELLED;

    /** A finished job is never run again by a duplicate delivery of its message. */
    public boolean isFinished() {
        return this == SUCCEEDED || this == MOVED_TO_DLQ || this == CANCELLED;
    }
}
