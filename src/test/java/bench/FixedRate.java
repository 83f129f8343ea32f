package bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import support.ApiClient;

/**
 * Sync requests sent at a fixed rate, whatever the pace of the answers (an open loop: a slow answer does not hold the
 * next request back, as it would with a fixed number of clients), round-robin over the connections, with the worker
 * running. It measures what a user sees at that load: the sync request's latency, and each job's completion time from
 * QUEUED to its end — queueing included, but no backlog of the benchmark's own making.
 */
final class FixedRate {

    /** Enough clients that requests never wait for one, even when answers slow down. */
    private static final int CLIENTS = 64;

    record Target(ApiClient api, String connectionId) {
    }

    /** A job a request queued, and the user who may read it. */
    record QueuedJob(String id, ApiClient owner) {
    }

    record Outcome(double requestsPerSecond, Duration length, List<Double> requestMillis, List<QueuedJob> jobs,
                   int refused) {
    }

    private FixedRate() {
    }

    /** Sends {@code requestsPerSecond} sync requests a second for {@code length}; returns once every one has its answer. */
    static Outcome send(List<Target> targets, double requestsPerSecond, Duration length) throws Exception {
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        java.util.Map<String, QueuedJob> jobs = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        List<Future<?>> sent = Collections.synchronizedList(new ArrayList<>());
        long requests = Math.round(requestsPerSecond * length.toMillis() / 1000.0);
        long periodNanos = Math.round(1e9 / requestsPerSecond);
        clock.scheduleAtFixedRate(() -> {
            int n = next.getAndIncrement();
            if (n >= requests) {
                return;
            }
            Target target = targets.get(n % targets.size());
            sent.add(clients.submit(() -> {
                long started = System.nanoTime();
                ApiClient.Answer answer = target.api().post("/v1/connections/" + target.connectionId() + "/sync", null);
                latencies.add((System.nanoTime() - started) / 1e6);
                if (answer.status() == 202) {
                    // a request for a type whose job still waits is answered with that job: each job counts once
                    answer.json().get("jobs").forEach(job -> jobs.putIfAbsent(job.get("id").asText(),
                            new QueuedJob(job.get("id").asText(), target.api())));
                } else {
                    refused.incrementAndGet();
                }
            }));
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        while (next.get() < requests) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        clock.shutdownNow();
        synchronized (sent) {
            for (Future<?> request : sent) {
                request.get();
            }
        }
        clients.shutdown();
        return new Outcome(requestsPerSecond, length, new ArrayList<>(latencies), new ArrayList<>(jobs.values()), refused.get());
    }

    /** Each job's time from QUEUED to its end (its record's history), read once every job has ended. */
    static List<Double> completionMillis(List<QueuedJob> jobs) throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Double>> reads = new ArrayList<>();
            for (QueuedJob job : jobs) {
                reads.add(readers.submit(() -> {
                    JsonNode history = job.owner().get("/v1/jobs/" + job.id()).json().get("history");
                    Instant queued = Instant.parse(history.get(0).get("at").asText());
                    Instant ended = Instant.parse(history.get(history.size() - 1).get("at").asText());
                    return Duration.between(queued, ended).toNanos() / 1e6;
                }));
            }
            List<Double> completion = new ArrayList<>();
            for (Future<Double> read : reads) {
                completion.add(read.get());
            }
            return completion;
        } finally {
            readers.shutdown();
        }
    }

    /**
     * The histories of the {@code count} slowest jobs ({@code completion} in the order of {@code jobs}, as
     * {@link #completionMillis} answers it): where their time went, state by state.
     */
    static List<String> slowest(List<QueuedJob> jobs, List<Double> completion, int count) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Double.compare(completion.get(b), completion.get(a)));
        List<String> histories = new ArrayList<>();
        for (int i : order.subList(0, Math.min(count, order.size()))) {
            List<String> events = new ArrayList<>();
            for (JsonNode event : jobs.get(i).owner().get("/v1/jobs/" + jobs.get(i).id()).json().get("history")) {
                events.add(event.get("at").asText().substring(11) + " " + event.get("state").asText()
                        + (event.hasNonNull("detail") ? " (" + event.get("detail").asText() + ")" : ""));
            }
            histories.add(String.format(Locale.ROOT, "%.0f ms: %s", completion.get(i), String.join(" -> ", events)));
        }
        return histories;
    }

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static String millis(List<Double> values) {
        return String.format(Locale.ROOT, "p50 %.1f  p95 %.1f  p99 %.1f  max %.1f", percentile(values, 50),
                percentile(values, 95), percentile(values, 99), percentile(values, 100));
    }
}
