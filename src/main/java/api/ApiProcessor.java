package api;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import failures.TransientSyncException;
import model.Json;
import security.Caller;
import security.JwtAuthenticator;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Adapts an {@link ApiEndpoint} to HTTP: bearer authentication, JSON body parsing (415 without a JSON
 * content type, 400 for malformed JSON), the answer, and problem+json for every refusal. Request headers
 * are never echoed back. A failure of our own storage or queue is a 503 with Retry-After; only a bug is a
 * 500, and then without internals, with a reference to find it in the log.
 */
public class ApiProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ApiProcessor.class);

    public enum Access { PUBLIC, USER, ADMIN }

    /** The longest path or query parameter taken: ids and cursors are far shorter. */
    private static final int MAX_PARAM_LENGTH = 512;
    private static final java.util.regex.Pattern CHARSET =
            java.util.regex.Pattern.compile("(?i);\\s*charset\\s*=\\s*(\"?[^;\\s]*\"?)");

    private final JwtAuthenticator authenticator;
    private final RequestLimits limits;
    private final Access access;
    private final List<String> params;
    private final long maxBody;
    private final ApiEndpoint endpoint;

    public ApiProcessor(JwtAuthenticator authenticator, RequestLimits limits, Access access, List<String> params, long maxBody,
                        ApiEndpoint endpoint) {
        this.authenticator = authenticator;
        this.limits = limits;
        this.access = access;
        this.params = params;
        this.maxBody = maxBody;
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) {
        ApiResponse response;
        try {
            Caller caller = access == Access.PUBLIC ? null : authenticate(exchange);
            Map<String, String> values = new HashMap<>();
            if (access == Access.PUBLIC) {
                // providers' pushes and handshakes: their signatures and codes come as headers or query parameters
                exchange.getMessage().getHeaders().forEach((name, value) -> {
                    if (value instanceof String text) {
                        values.put(name, text);
                    }
                });
            }
            for (String name : params) {
                String value = exchange.getMessage().getHeader(name, String.class);
                if (value != null) {
                    // longer than any id or cursor we hand out; DynamoDB would refuse it as a key anyway
                    if (value.length() > MAX_PARAM_LENGTH) {
                        throw ApiProblem.badRequest("parameter '" + name + "' is longer than " + MAX_PARAM_LENGTH + " characters");
                    }
                    values.put(name, value);
                }
            }
            String raw = text(exchange);
            // a chunked body has no Content-Length for HttpEdges to refuse early: held to the endpoint's limit here
            if (raw != null && longerThan(raw, maxBody)) {
                throw ApiProblem.of(413, HttpEdges.tooLarge(maxBody));
            }
            // public endpoints (OAuth callback, provider pushes) read what they get as it is, signatures included
            JsonNode json = access == Access.PUBLIC ? null : body(exchange, raw);
            response = endpoint.handle(new ApiRequest(caller, values, json, raw));
        } catch (TooManyRequests tooMany) {
            response = problem(429, "Too Many Requests", tooMany.getMessage(),
                    Map.of("Retry-After", Long.toString(tooMany.retryAfterSeconds)));
        } catch (ApiProblem problem) {
            response = problem(problem.status(), problem.title(), problem.getMessage(), Map.of());
            if (problem.field() != null) {
                ((Problem) response.body()).fields().put("field", problem.field());
            }
        } catch (JwtAuthenticator.InvalidTokenException e) {
            response = problem(401, "Unauthorized", e.getMessage(), Map.of("WWW-Authenticate", "Bearer"));
        } catch (AwsServiceException e) {
            response = backingServiceRefused(e);
        } catch (SdkException | TransientSyncException e) {
            LOG.warn("API call refused, a backing service is unavailable: {}", e.getClass().getSimpleName());
            response = problem(503, "Service Unavailable", "a backing service is unavailable, try again shortly",
                    Map.of("Retry-After", "5"));
        } catch (RuntimeException e) {
            String reference = UUID.randomUUID().toString();
            LOG.error("API call failed, reference {}", reference, e);
            response = problem(500, "Internal Server Error", "unexpected error, reference " + reference, Map.of());
        }
        write(exchange, response);
    }

    /**
     * A store that refused the request itself (DynamoDB's ValidationException: a value it cannot take) answers 400 — the
     * input was the cause; anything else it answers means it is unavailable for now (503).
     */
    private static ApiResponse backingServiceRefused(AwsServiceException e) {
        if (e.statusCode() == 400 && e.awsErrorDetails() != null && "ValidationException".equals(e.awsErrorDetails().errorCode())) {
            LOG.warn("API call refused by the store as invalid: {}", e.awsErrorDetails().errorMessage());
            return problem(400, "Bad Request", "the request holds a value that cannot be stored or looked up", Map.of());
        }
        LOG.warn("API call refused, a backing service is unavailable: {}", e.getClass().getSimpleName());
        return problem(503, "Service Unavailable", "a backing service is unavailable, try again shortly",
                Map.of("Retry-After", "5"));
    }

    /** The body as text: JSON is UTF-8 (RFC 8259), so another charset is refused rather than guessed at. */
    private static String text(Exchange exchange) {
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, "", String.class);
        java.util.regex.Matcher charset = CHARSET.matcher(contentType);
        if (charset.find() && !charset.group(1).replace("\"", "").equalsIgnoreCase("utf-8")) {
            throw new ApiProblem(415, "Unsupported Media Type", "send the body in UTF-8, not " + charset.group(1));
        }
        // UTF-8 or none named: Camel's conversion reads it as UTF-8
        return exchange.getMessage().getBody(String.class);
    }

    private Caller authenticate(Exchange exchange) {
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new JwtAuthenticator.InvalidTokenException("an 'Authorization: Bearer <JWT>' header is required");
        }
        Caller caller = authenticator.authenticate(header.substring(7).trim());
        if (access == Access.ADMIN && !caller.isAdmin()) {
            throw new ApiProblem(403, "Forbidden", "this operation needs the admin role");
        }
        RequestLimits.Verdict verdict = limits.user(caller.userId());
        if (!verdict.allowed()) {
            throw new TooManyRequests("more than " + verdict.limitPerMinute() + " calls a minute by this user: try again in "
                    + verdict.retryAfterSeconds() + " s", verdict.retryAfterSeconds());
        }
        return caller;
    }

    /** A user over their limit (RequestLimits): answered 429 with Retry-After. */
    private static final class TooManyRequests extends RuntimeException {
        private final long retryAfterSeconds;

        TooManyRequests(String detail, long retryAfterSeconds) {
            super(detail, null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    private static JsonNode body(Exchange exchange, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (!isJson(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class))) {
            throw new ApiProblem(415, "Unsupported Media Type", "send the body as application/json");
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw ApiProblem.badRequest("malformed JSON" + (location == null ? ""
                    : " at line " + location.getLineNr() + ", column " + location.getColumnNr()));
        }
    }

    /** Whether {@code text} takes more than {@code bytes} in UTF-8; a char is one to three bytes, so most texts need no encoding. */
    private static boolean longerThan(String text, long bytes) {
        if (text.length() > bytes) {
            return true;
        }
        return text.length() * 3L > bytes && text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > bytes;
    }

    /** {@code application/json} or a {@code +json} type, with or without parameters. */
    static boolean isJson(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
        return type.startsWith("application/json") || type.matches("application/[a-z.+-]*\\+json.*");
    }

    private static ApiResponse problem(int status, String title, String detail, Map<String, String> headers) {
        Map<String, Object> body = new HashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return new ApiResponse(status, new Problem(body), headers);
    }

    /** Marks a body as problem+json. */
    private record Problem(Map<String, Object> fields) {
    }

    private static void write(Exchange exchange, ApiResponse response) {
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, response.status());
        response.headers().forEach(message::setHeader);
        if (response.body() == null) {
            message.setBody(null);
            return;
        }
        boolean problem = response.body() instanceof Problem;
        message.setHeader(Exchange.CONTENT_TYPE, problem ? "application/problem+json" : "application/json");
        try {
            message.setBody(Json.MAPPER.writeValueAsString(problem ? ((Problem) response.body()).fields() : response.body()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the API answer as JSON", e);
        }
    }
}
