package sandbox;

/**
 * A request the simulated provider refuses. The provider's dialect turns it into that provider's
 * error envelope, so endpoint code only states what is wrong.
 */
final class ApiProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String field;

    ApiProblem(int status, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    static ApiProblem invalid(String field, String message) {
        return new ApiProblem(400, field, message);
    }

    static ApiProblem notFound(String message) {
        return new ApiProblem(404, null, message);
    }

    int status() {
        return status;
    }

    /** The request field at fault, or null when the problem is not about one field. */
    String field() {
        return field;
    }
}
