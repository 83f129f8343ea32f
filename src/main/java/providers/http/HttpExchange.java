package providers.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One HTTP exchange with a provider within a deadline for all of it — headers and the whole body — and a cap on the
 * body's size. The body is read as it arrives, by the caller's reader: a large answer is parsed as a stream, never held
 * whole. The client's request timeout covers the headers only: a provider that stalls or trickles its body, or whose
 * connection breaks without a close reaching us, would otherwise hold a worker thread for as long as it lasts.
 */
final class HttpExchange {

    /** The provider's body went past the cap: a hostile or broken provider cannot exhaust our memory. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long limit) {
            super("body larger than " + limit + " bytes");
        }
    }

    /** Reads a body as it arrives; what it keeps of it is up to the reader. */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(int status, HttpHeaders headers, InputStream body) throws IOException;
    }

    /** The status, headers and what the reader made of the body. */
    record Answer<T>(int statusCode, HttpHeaders headers, T body) {
    }

    /** Ends the reading of bodies past their deadline: a blocked read of a closed body stream fails at once. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "provider-answer-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    private HttpExchange() {
    }

    /** An exchange whose whole body (at most {@code maxBodyBytes}) is turned into {@code T} once it is all here. */
    static <T> Answer<T> send(HttpClient http, HttpRequest request, int maxBodyBytes, Duration deadline,
                              Function<byte[], T> body) throws IOException, InterruptedException {
        return stream(http, request, maxBodyBytes, deadline, (status, headers, in) -> body.apply(in.readAllBytes()));
    }

    /**
     * An exchange whose body {@code reader} reads from a stream as it arrives. Past {@code maxBodyBytes} the stream
     * throws {@link BodyTooLargeException}; past the deadline it is closed and the exchange ends in an
     * {@link HttpTimeoutException}. What the reader leaves unread is drained, so the connection can be used again.
     */
    static <T> Answer<T> stream(HttpClient http, HttpRequest request, int maxBodyBytes, Duration deadline,
                                BodyReader<T> reader) throws IOException, InterruptedException {
        long until = System.nanoTime() + deadline.toNanos();
        HttpResponse<InputStream> head = awaitHead(http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()), deadline);
        AtomicBoolean expired = new AtomicBoolean();
        InputStream arriving = head.body();
        ScheduledFuture<?> deadlineCheck = DEADLINES.schedule(() -> {
            expired.set(true);
            closeQuietly(arriving);
        }, Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
        try (InputStream body = new BoundedStream(arriving, maxBodyBytes)) {
            T value = reader.read(head.statusCode(), head.headers(), body);
            body.transferTo(OutputStream.nullOutputStream());
            return new Answer<>(head.statusCode(), head.headers(), value);
        } catch (IOException e) {
            if (expired.get()) {
                throw late(deadline);
            }
            throw e;
        } finally {
            deadlineCheck.cancel(false);
        }
    }

    private static HttpResponse<InputStream> awaitHead(CompletableFuture<HttpResponse<InputStream>> exchange, Duration deadline)
            throws IOException, InterruptedException {
        try {
            return exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException notYet) {
            exchange.cancel(true);
            throw late(deadline);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    private static HttpTimeoutException late(Duration deadline) {
        return new HttpTimeoutException("no complete answer within " + deadline.toMillis() + " ms");
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // closing is how the reader is stopped: its read fails, which is what counts
        }
    }

    /** Counts what is read and fails past the cap, before the excess reaches the reader. */
    static final class BoundedStream extends FilterInputStream {
        private final long limit;
        private long read;

        BoundedStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            // never more than one byte past the cap in one read: enough to know it was passed
            int n = super.read(buffer, offset, (int) Math.min(length, limit - read + 1));
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, limit - read + 1));
            counted(skipped);
            return skipped;
        }

        private void counted(long n) throws BodyTooLargeException {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
            }
        }
    }
}
