package api;

/** The logic of one API operation, free of HTTP and Camel. */
@FunctionalInterface
public interface ApiEndpoint {

    ApiResponse handle(ApiRequest request);
}
