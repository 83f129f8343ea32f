package sandbox.common;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code multipart/form-data} bodies (activity file uploads). Vert.x's body handler streams file parts to disk, or
 * drops them when file uploads are off, and never keeps the raw body; the sandbox instead keeps a multipart body in
 * memory, within the same size limit, and its endpoints read the parts from it.
 */
public final class SandboxMultipart {

    private static final String RAW_BODY = "sandbox.multipart.body";
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]{1,70})\"?");
    private static final Pattern NAME = Pattern.compile("(?i)content-disposition:[^\\r\\n]*;\\s*name=\"([^\"]*)\"");

    private SandboxMultipart() {
    }

    public static boolean isMultipart(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** Reads a multipart body into memory (413 above {@code limit} bytes), then lets routing go on. */
    public static Handler<RoutingContext> collector(long limit) {
        return ctx -> {
            Buffer body = Buffer.buffer();
            ctx.request().handler(chunk -> {
                if (body.length() + chunk.length() > limit) {
                    if (!ctx.response().ended()) {
                        ctx.response().setStatusCode(413).end();
                    }
                    return;
                }
                body.appendBuffer(chunk);
            });
            ctx.request().endHandler(end -> {
                if (!ctx.response().ended()) {
                    ctx.put(RAW_BODY, body);
                    ctx.next();
                }
            });
            ctx.request().exceptionHandler(ctx::fail);
            ctx.request().resume();
        };
    }

    /** The parts of the request's multipart body by field name; 400 when there is none or it is not multipart. */
    public static Map<String, byte[]> parts(RoutingContext ctx) {
        Buffer raw = ctx.get(RAW_BODY);
        String type = ctx.request().getHeader("Content-Type");
        Matcher boundary = type == null ? null : BOUNDARY.matcher(type);
        if (raw == null || boundary == null || !boundary.find()) {
            throw ApiProblem.invalid("file", "Expected a multipart/form-data body");
        }
        return parse(raw.getBytes(), boundary.group(1));
    }

    public static Map<String, byte[]> parse(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        byte[] headerEnd = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        Map<String, byte[]> parts = new LinkedHashMap<>();
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int start = at + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                break;
            }
            int headersEnd = indexOf(body, headerEnd, start);
            int next = indexOf(body, delimiter, start);
            if (headersEnd < 0 || next < 0 || headersEnd > next) {
                throw ApiProblem.invalid("file", "Malformed multipart body");
            }
            String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
            Matcher name = NAME.matcher(headers);
            // the content ends before the CRLF that precedes the next delimiter
            int contentEnd = next - 2;
            if (name.find() && contentEnd >= headersEnd + headerEnd.length) {
                parts.put(name.group(1), Arrays.copyOfRange(body, headersEnd + headerEnd.length, contentEnd));
            }
            at = next;
        }
        return parts;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
