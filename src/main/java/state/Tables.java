package state;

/** Table names, all prefixed by {@code syncwell.table-prefix} so several installations can share an account. */
public record Tables(String connections, String jobs, String accounts, String oauthStates, String backfills,
                     String revocations, String quotas, String records) {

    /** Global secondary index of the jobs table: a connection's jobs, newest first. */
    public static final String JOBS_BY_CONNECTION = "byConnection";
    /** Global secondary index of the jobs table: the windows of a backfill, with their state and counts. */
    public static final String JOBS_BY_BACKFILL = "byBackfill";
    /** Global secondary index of the accounts table: who we are at a provider → our user (provider pushes). */
    public static final String ACCOUNTS_BY_PROVIDER_USER = "byProviderUser";
    /** Global secondary index of the connections table: connections by shard and the time the scheduler is due. */
    public static final String CONNECTIONS_BY_DUE_TIME = "byDueTime";
    /** Global secondary index of the backfills table: a connection's backfills, newest first. */
    public static final String BACKFILLS_BY_CONNECTION = "byConnection";

    public static Tables withPrefix(String prefix) {
        return new Tables(prefix + "connections", prefix + "jobs", prefix + "accounts", prefix + "oauth-states",
                prefix + "backfills", prefix + "revocations", prefix + "quotas", prefix + "records");
    }
}
