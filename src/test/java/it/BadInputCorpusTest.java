package it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import model.Json;
import security.JwtAuthenticator;
import support.RawHttp;
import support.SharedSyncWell;
import support.SyncWellInstance;
import support.TestUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, the bad-input corpus ({@code src/test/resources/bad-input/corpus.json}) against the running app over raw
 * HTTP: every endpoint with every method, hostile path ids and queries, malformed, mistyped, huge and deeply nested
 * bodies, unicode edge cases, wrong content types and forged credentials. No answer is a 5xx, every 4xx is
 * problem+json without a stack trace, and the app logs no stack trace and no API error meanwhile.
 *
 * <p>Requests the HTTP codec itself cannot parse (a request line over 4096 bytes, a bare CR in a header) are answered
 * by Vert.x before any handler runs — a 4xx with an empty body; they are checked for that, apart.
 */
@ExtendWith(SharedSyncWell.class)
class BadInputCorpusTest {

    private final SyncWellInstance app = SharedSyncWell.instance();

    /** One request of the corpus and why it is there. */
    private record Case(String why, String method, String target, String head, byte[] body) {
    }

    @Test
    void noHostileRequestGetsA5xxOrAnAnswerThatIsNotProblemJson() throws Exception {
        JsonNode corpus;
        try (InputStream in = getClass().getResourceAsStream("/bad-input/corpus.json")) {
            corpus = Json.MAPPER.readTree(in);
        }
        TestUser user = TestUser.linkedTo(app, "fitbit", "googlefit");
        String connection = user.connect("fitbit", "googlefit", List.of("steps"));
        String job = user.api.post("/v1/connections/" + connection + "/sync", null).json().at("/jobs/0/id").asText();
        Map<String, String> ids = Map.of("{connection}", connection, "{job}", job, "{backfill}", "b-" + connection,
                "{deadLetter}", "20010101-" + connection, "{provider}", "fitbit");
        Tokens tokens = new Tokens(user.id);
        Path log = Path.of("target/it/test-run.log");
        long logFrom = Files.size(log);

        List<Case> cases = new ArrayList<>();
        List<JsonNode> endpoints = new ArrayList<>();
        corpus.get("endpoints").forEach(endpoints::add);
        List<JsonNode> withBodies = endpoints.stream().filter(e -> e.path("body").asBoolean()).toList();
        // bodies and content types first, while the user's connection and accounts exist
        for (JsonNode endpoint : withBodies) {
            for (JsonNode body : corpus.get("bodies")) {
                cases.add(request("body " + abbreviated(body.asText()), endpoint, ids, tokens, "", "application/json",
                        body(body.asText())));
            }
            for (JsonNode contentType : corpus.get("contentTypes")) {
                cases.add(request("content type " + contentType.asText(), endpoint, ids, tokens, "", contentType.asText(),
                        "{\"dataTypes\":[\"steps\"]}".getBytes(StandardCharsets.UTF_8)));
            }
        }
        for (JsonNode endpoint : endpoints) {
            for (String param : List.of("{connection}", "{job}", "{backfill}", "{deadLetter}", "{provider}")) {
                if (!endpoint.get("path").asText().contains(param)) {
                    continue;
                }
                for (JsonNode id : corpus.get("ids")) {
                    Map<String, String> hostile = new java.util.HashMap<>(ids);
                    hostile.put(param, expand(id.asText()));
                    cases.add(request("id " + abbreviated(id.asText()), endpoint, hostile, tokens, "", null, null));
                }
            }
            for (JsonNode query : corpus.get("queries")) {
                cases.add(request("query " + abbreviated(query.asText()), endpoint, ids, tokens, "?" + expand(query.asText()),
                        null, null));
            }
            if (!"public".equals(endpoint.path("access").asText())) {
                for (JsonNode authorization : corpus.get("authorizations")) {
                    cases.add(withAuthorization("authorization " + abbreviated(authorization.asText()), endpoint, ids,
                            tokens.expand(authorization.asText())));
                }
            }
        }
        // every method on every endpoint last: DELETEs unlink and remove what the cases above used
        for (JsonNode endpoint : endpoints) {
            for (JsonNode method : corpus.get("methods")) {
                Case plain = request("method " + method.asText(), endpoint, ids, tokens, "", null, null);
                cases.add(new Case(plain.why(), method.asText(), plain.target(), plain.head(), plain.body()));
            }
        }

        RawHttp http = new RawHttp(app.ports().api());
        List<String> failures = new ArrayList<>();
        for (Case hostile : cases) {
            RawHttp.Answer answer = http.send(hostile.method(), hostile.target(), hostile.head(), hostile.body());
            String problem = judged(hostile, answer);
            if (problem != null) {
                failures.add(hostile.method() + " " + abbreviated(hostile.target()) + " (" + hostile.why() + "): " + problem);
            }
        }
        System.out.println("bad-input corpus: " + cases.size() + " requests");

        failures.addAll(codecRefusals(http));
        String logged = tail(log, logFrom);
        assertThat(failures).as("%d of %d requests", failures.size(), cases.size()).isEmpty();
        assertThat(logged.lines().filter(line -> line.startsWith("\tat ") || line.contains("Unhandled exception")))
                .as("stack traces logged meanwhile").isEmpty();
        assertThat(logged.lines().filter(line -> line.contains(" ERROR ") && (line.contains("ApiProcessor")
                || line.contains("HttpEdges") || line.contains("vertx") || line.contains("platform")))).as("API errors logged").isEmpty();
    }

    /** What is wrong with the answer to a hostile request, or null. */
    private static String judged(Case hostile, RawHttp.Answer answer) {
        if (answer.status() >= 500) {
            return "answered " + answer.status() + ": " + abbreviated(answer.body());
        }
        if (answer.body().contains("\tat ") || answer.body().contains("Exception")) {
            return "a stack trace or exception in the body: " + abbreviated(answer.body());
        }
        if (answer.status() >= 400 && !hostile.method().equals("HEAD")) {
            if (!answer.contentType().startsWith("application/problem+json")) {
                return answer.status() + " as '" + answer.contentType() + "': " + abbreviated(answer.body());
            }
            try {
                JsonNode problem = Json.MAPPER.readTree(answer.body());
                if (problem.path("status").asInt() != answer.status() || problem.path("detail").asText().isBlank()) {
                    return "a problem without its status or detail: " + abbreviated(answer.body());
                }
            } catch (IOException notJson) {
                return "problem+json that is not JSON: " + abbreviated(answer.body());
            }
        }
        if (answer.headers().containsKey("x-injected") || answer.headers().getOrDefault("set-cookie", "").contains("injected")) {
            return "a header injected into the answer";
        }
        return null;
    }

    /** Requests the HTTP codec refuses before any handler sees them: a 4xx, never a 5xx, and nothing injected. */
    private static List<String> codecRefusals(RawHttp http) throws IOException {
        List<String> failures = new ArrayList<>();
        Map<String, String[]> raw = Map.of(
                "a request line over the codec's 4096 bytes", new String[] {"GET", "/v1/jobs/" + "x".repeat(5000), ""},
                "CR LF in the target", new String[] {"GET", "/v1/providers\r\nX-Injected: 1", ""},
                "a bare CR in a header", new String[] {"GET", "/v1/providers", "X-Test: a\rb\r\n"},
                "headers over the codec's 8 KiB", new String[] {"GET", "/v1/providers", "X-Big: " + "y".repeat(9000) + "\r\n"});
        for (Map.Entry<String, String[]> request : raw.entrySet()) {
            String[] parts = request.getValue();
            try {
                RawHttp.Answer answer = http.send(parts[0], parts[1], parts[2], null);
                if (answer.status() < 400 || answer.status() >= 500 || answer.headers().containsKey("x-injected")) {
                    failures.add(request.getKey() + ": answered " + answer.status());
                }
            } catch (IOException closed) {
                // the codec may close the connection without an answer: refused all the same
            }
        }
        return failures;
    }

    private static Case request(String why, JsonNode endpoint, Map<String, String> ids, Tokens tokens, String query,
                                String contentType, byte[] body) {
        String path = endpoint.get("path").asText();
        for (Map.Entry<String, String> id : ids.entrySet()) {
            path = path.replace(id.getKey(), id.getValue());
        }
        String access = endpoint.path("access").asText("user");
        StringBuilder head = new StringBuilder();
        if (!access.equals("public")) {
            head.append("Authorization: Bearer ").append(access.equals("admin") ? tokens.admin : tokens.user).append("\r\n");
        }
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        return new Case(why, endpoint.get("method").asText(), path + query, head.toString(), body);
    }

    private static Case withAuthorization(String why, JsonNode endpoint, Map<String, String> ids, String authorization) {
        String path = endpoint.get("path").asText();
        for (Map.Entry<String, String> id : ids.entrySet()) {
            path = path.replace(id.getKey(), id.getValue());
        }
        return new Case(why, endpoint.get("method").asText(), path, authorization.isEmpty() ? "" : "Authorization: "
                + authorization + "\r\n", null);
    }

    /** The corpus's placeholders for what is too long or too odd to write into JSON. */
    private static String expand(String value) {
        return switch (value) {
            case "LONG_ID_3000" -> "i".repeat(3000);
            case "LONG_QUERY_3000" -> "q=" + "v".repeat(3000);
            default -> value;
        };
    }

    private static byte[] body(String value) {
        return switch (value) {
            case "DEEP_ARRAYS_30000" -> ("[".repeat(30_000) + "]".repeat(30_000)).getBytes(StandardCharsets.UTF_8);
            case "DEEP_OBJECTS_20000" -> ("{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000)).getBytes(StandardCharsets.UTF_8);
            case "MANY_KEYS_5000" -> manyKeys();
            case "LONG_STRING_60000" -> ("{\"source\":\"" + "s".repeat(60_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            case "BIG_NUMBER_50000" -> ("{\"limit\":" + "9".repeat(50_000) + "}").getBytes(StandardCharsets.UTF_8);
            case "BINARY_GARBAGE" -> garbage();
            case "UTF16_BOM_BODY" -> "{\"dataTypes\":[\"steps\"]}".getBytes(StandardCharsets.UTF_16);
            case "HUGE_2MB" -> ("{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
            default -> value.getBytes(StandardCharsets.UTF_8);
        };
    }

    private static byte[] manyKeys() {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 5000; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] garbage() {
        byte[] bytes = new byte[4096];
        new Random(11).nextBytes(bytes);
        return bytes;
    }

    private static String abbreviated(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 120 ? printable : printable.substring(0, 120) + "…(" + printable.length() + ")";
    }

    private static String tail(Path log, long from) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from), StandardCharsets.UTF_8);
    }

    /** The corpus's credential placeholders: the user's and an admin's real tokens, and forged ones. */
    private static final class Tokens {
        private final String user;
        private final String admin;
        private final String expired;
        private final String wrongSecret;
        private final String algNoneAdmin;

        Tokens(String userId) {
            JwtAuthenticator jwt = new JwtAuthenticator(SyncWellInstance.JWT_SECRET.getBytes(StandardCharsets.UTF_8));
            user = jwt.issue(userId, List.of("user"), Duration.ofMinutes(30));
            admin = jwt.issue("corpus-admin", List.of("user", "admin"), Duration.ofMinutes(30));
            expired = jwt.issue(userId, List.of("user"), Duration.ofMinutes(-10));
            wrongSecret = new JwtAuthenticator("another-secret-another-secret-0123456789".getBytes(StandardCharsets.UTF_8))
                    .issue(userId, List.of("user", "admin"), Duration.ofMinutes(30));
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            algNoneAdmin = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                    + b64.encodeToString(("{\"sub\":\"" + userId + "\",\"roles\":[\"admin\"],\"exp\":"
                    + (System.currentTimeMillis() / 1000 + 600) + "}").getBytes(StandardCharsets.UTF_8)) + ".";
        }

        String expand(String authorization) {
            return authorization.replace("LONG_TOKEN_7000", "t".repeat(7000)).replace("ALG_NONE_ADMIN", algNoneAdmin)
                    .replace("EXPIRED", expired).replace("WRONG_SECRET", wrongSecret).replace("TOKEN", user);
        }
    }
}
