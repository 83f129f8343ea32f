package failures;

/** The provider refused the account's tokens even after a refresh: the user must link the account again. */
public class ReauthRequiredException extends PermanentSyncException {

    public ReauthRequiredException(String reason) {
        super(reason);
    }
}
