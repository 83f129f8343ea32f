package sandbox.common;

/**
 * A request the simulated provider refuses. The provider's dialect turns it into that provider's
 * error envelope, so endpoint code only states what is wrong.
 */
public final class ApiProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public final int status;
    private final String field;

    public ApiProblem(int status, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    public static ApiProblem invalid(String field, String message) {
        return new ApiProblem(400, field, message);
    }

    public static ApiProblem notFound(String message) {
        return new ApiProblem(404, null, message);
    }

    public int status() {
        return status;
    }

    /** The request field at fault, or null when the problem is not about one field. */
    public String field() {
        return field;
    }
}
