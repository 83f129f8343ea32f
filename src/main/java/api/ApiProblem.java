package api;

/** A request the API refuses, answered as {@code application/problem+json} with this status and detail. */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String title;

    public ApiProblem(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
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
