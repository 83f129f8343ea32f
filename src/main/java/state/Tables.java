package state;

/** Table names, all prefixed by {@code syncwell.table-prefix} so several installations can share an account. */
public record Tables(String connections, String jobs, String accounts, String oauthStates) {

    /** Global secondary index of the jobs table: a connection's jobs, newest first. */
    public static final String JOBS_BY_CONNECTION = "byConnection";
    /** Global secondary index of the accounts table: who we are at a provider → our user (provider pushes). */
    public static final String ACCOUNTS_BY_PROVIDER_USER = "byProviderUser";

    public static Tables withPrefix(String prefix) {
        return new Tables(prefix + "connections", prefix + "jobs", prefix + "accounts", prefix + "oauth-states");
    }
}
