package api;

/**
 * A request the API refuses, answered as {@code application/problem+json} with this status and detail — and, when one
 * field of the body is at fault, its name as the member {@code field}, so that a form can show the refusal beside it.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String title;
    private final String field;

    public ApiProblem(int status, String title, String detail) {
        this(status, title, detail, null);
    }

    private ApiProblem(int status, String title, String detail, String field) {
        super(detail);
        this.status = status;
        this.title = title;
        this.field = field;
    }

    /** The same refusal, naming the body's field at fault. */
    public ApiProblem about(String field) {
        return new ApiProblem(status, title, getMessage(), field);
    }

    /** The body's field at fault; null when the refusal is not about one field. */
    public String field() {
        return field;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** A refusal titled with the status's standard reason phrase. */
    public static ApiProblem of(int status, String detail) {
        return new ApiProblem(status, io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase(), detail);
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "Bad Request", detail);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "Not Found", detail);
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "Conflict", detail);
    }

    public static ApiProblem unprocessable(String detail) {
        return new ApiProblem(422, "Unprocessable Content", detail);
    }
}
