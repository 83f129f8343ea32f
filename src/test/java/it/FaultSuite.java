package it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import model.Json;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import support.ApiClient;
import support.SandboxClient;
import support.SyncWellInstance;
import support.SyncWellProcess;
import support.TestUser;

import static org.awaitility.Awaitility.await;

/**
 * The fault-injection suite: many users with connections over several provider pairs and data types sync in rounds
 * while the providers misbehave — 5xx bursts, 429 storms (short rate-limit windows), latency spikes, malformed
 * bodies, expired tokens, connections dropped halfway through an answer — and SQS delivers job messages twice. New
 * data is seeded between rounds, so later jobs carry deltas. At the end every connection gets one clean sync and every
 * destination is compared with its source.
 * <p>
 * Every fault is drawn from a seeded {@link Random} ({@code faults.seed}), so a run's plan is reproducible (what the
 * workers do concurrently is not). Malformed bodies are the one permanent fault: the job they hit is dead-lettered,
 * which is counted apart, checked for an envelope in S3 naming the provider, and the data is delivered by a later job.
 * <p>
 * Short form: {@code it.FaultSuiteTest} (CI). Long form: {@code mvn -Preliability verify -Dfaults.jobs=2000}
 * ({@link #main}). RELIABILITY.md has both and the figures.
 */
public final class FaultSuite {

    /** One connection per pair and its types: every destination (user, provider, type) has exactly one source. */
    record Route(String source, String destination, List<String> types) {
    }

    static final List<Route> ROUTES = List.of(
            new Route("fitbit", "googlefit", List.of("steps", "weight")),
            new Route("googlehealth", "googlefit", List.of("heart_rate", "sleep")),
            new Route("garmin", "strava", List.of("activities")),
            new Route("garmin", "wahoo", List.of("activities")),
            new Route("withings", "googlehealth", List.of("weight")));

    static final List<String> PROVIDERS = List.of("fitbit", "googlefit", "googlehealth", "garmin", "strava", "wahoo", "withings");

    /** The sandbox's per-user (Strava: per-application) quotas, raised: the faults here are injected, not earned. */
    private static final Map<String, Map<String, Object>> RAISED_LIMITS = Map.of(
            "fitbit", Map.of("perHour", 10_000_000),
            "googlefit", Map.of("perMinute", 10_000_000),
            "googlehealth", Map.of("perMinute", 10_000_000),
            "garmin", Map.of("perMinute", 10_000_000),
            "withings", Map.of("perMinute", 10_000_000),
            "wahoo", Map.of("perFiveMinutes", 10_000_000),
            "strava", Map.of("per15Minutes", 10_000_000, "perDay", 100_000_000, "readPer15Minutes", 10_000_000,
                    "readPerDay", 100_000_000));

    /** What a run does: sizes, the seed of its fault plan and the process-level faults it injects. */
    public record Options(int jobs, int users, int clients, long seed, List<ProcessFault> processFaults) {

        public static Options fromSystemProperties(int jobs, int users) {
            return new Options(Integer.getInteger("faults.jobs", jobs), Integer.getInteger("faults.users", users),
                    Integer.getInteger("faults.clients", 6), Long.getLong("faults.seed", 20261125L), List.of());
        }

        public Options with(List<ProcessFault> faults) {
            return new Options(jobs, users, clients, seed, faults);
        }
    }

    /**
     * A fault of the machinery rather than of a provider (kill -9 of a worker process mid-job, a dynalite restart). It
     * is injected while a round's jobs run; the suite then expects them all to finish as if nothing had happened.
     */
    public record ProcessFault(String name, Action action) {
        public interface Action {
            void inject(SyncWellInstance app) throws Exception;
        }
    }

    static final String WORKER_KILL = "kill -9 of a worker process";

    /** 5xx a job may meet in one round: the test settings' retry budget (3 redeliveries after the first attempt). */
    private static final int SERVER_ERRORS_PER_JOB = 3;

    private enum Kind { SERVER_ERRORS, RATE_LIMIT_STORM, LATENCY, MALFORMED, TOKEN_EXPIRY, DROPPED_CONNECTION }

    private record Armed(int round, int user, String provider, Kind kind) {
    }

    private record Link(int user, TestUser account, Route route, String id) {
        String userAt(String provider) {
            return account.providerUser(provider);
        }
    }

    private record JobRef(int round, Link link, String id) {
    }

    private final SyncWellInstance app;
    private final Options options;
    private final Random random;
    private final SandboxClient sandbox;
    private final SqsClient sqs;
    private final S3Client s3;
    private final String hotQueue;
    private final List<Link> links = new ArrayList<>();
    private final List<TestUser> users = new ArrayList<>();
    /** Per connection and type: the next free instant for seeded data (moves forward, never overlaps). */
    private final Map<String, Instant> nextFree = new HashMap<>();
    private final List<Armed> armed = new ArrayList<>();
    private final List<JobRef> jobs = new ArrayList<>();
    private final Map<String, JsonNode> finished = new ConcurrentHashMap<>();
    private final List<String> processFaultsInjected = new ArrayList<>();
    /** The rounds in which a worker was killed. */
    private final List<Integer> killRounds = new ArrayList<>();
    /**
     * Accounts ("user index/provider") whose rotated refresh token died with a killed worker: the provider answered the
     * refresh (its old refresh token retired) and the worker was killed before it stored the new one. No one can get
     * them back; their users link them again, as SyncWell asks them to.
     */
    private final Set<String> rotationsLostToKills = new LinkedHashSet<>();
    private final Map<String, Map<String, Object>> limitsBefore = new LinkedHashMap<>();
    private final Set<String> duplicated = ConcurrentHashMap.newKeySet();
    private int duplicatesSent;
    private int tokenExpiries;

    public FaultSuite(SyncWellInstance app, Options options) {
        this.app = app;
        this.options = options;
        this.random = new Random(options.seed());
        this.sandbox = app.sandbox();
        this.sqs = app.context().getRegistry().lookupByNameAndType("sqsClient", SqsClient.class);
        this.s3 = app.context().getRegistry().lookupByNameAndType("s3Client", S3Client.class);
        this.hotQueue = sqs.getQueueUrl(b -> b.queueName("syncwell-jobs-hot")).queueUrl();
    }

    /**
     * Long form: starts its own app (free ports, data dir under {@code syncwell.test.dir}) and runs the suite. With
     * {@code faults.process} (default true) the app runs the API, the local stack and the sandbox, and its workers run
     * in two child processes (support/SyncWellProcess), so that one can be killed with SIGKILL mid-round and replaced;
     * dynalite is stopped and started again mid-round too, and so are the SQS and S3 APIs (ElasticMQ, S3Proxy).
     */
    public static void main(String[] args) throws Exception {
        Options options = Options.fromSystemProperties(20_000, 200);
        boolean processFaults = Boolean.parseBoolean(System.getProperty("faults.process", "true"));
        Path dir = Path.of(System.getProperty("syncwell.test.dir", "target/it")).resolve("faults-" + System.currentTimeMillis());
        // a killed worker's messages come back after the visibility timeout: shorter than the default minute, still
        // well above what a job takes here (a job IN_PROGRESS for longer is taken to be a dead holder's)
        Map<String, String> settings = processFaults
                ? Map.of("syncwell.roles", "api", "syncwell.worker.visibility-timeout", "20") : Map.of();
        int exit;
        try (SyncWellInstance app = new SyncWellInstance("syncwell-faults", dir.resolve("data"), settings).start();
             Workers workers = processFaults ? new Workers(app, dir, 2) : null) {
            List<ProcessFault> faults = workers == null ? List.of()
                    : List.of(workers.killOne(), dynaliteRestart(), sqsOutage(), s3Outage(), workers.killOne(),
                            dynaliteRestart(), sqsOutage(), s3Outage());
            Report report = new FaultSuite(app, options.with(faults)).run();
            System.out.println(report.text());
            exit = report.problems().isEmpty() ? 0 : 1;
        }
        System.exit(exit);
    }

    /** dynalite (the local DynamoDB) stopped for three seconds mid-round and started again on the same data. */
    static ProcessFault dynaliteRestart() {
        return outage("dynalite restart", Duration.ofSeconds(3), local.LocalStack::stopDynamoDb, local.LocalStack::startDynamoDb);
    }

    /**
     * ElasticMQ's API (SQS) away for five seconds mid-round: receives, deletes and visibility changes fail with broken
     * or refused connections; the queues keep their messages.
     */
    static ProcessFault sqsOutage() {
        return outage("SQS outage (ElasticMQ's API stopped 5 s)", Duration.ofSeconds(5), local.LocalStack::stopSqs,
                local.LocalStack::startSqs);
    }

    /** S3Proxy's API away for five seconds mid-round: dead letters cannot be archived meanwhile; stored ones stay. */
    static ProcessFault s3Outage() {
        return outage("S3 outage (S3Proxy stopped 5 s)", Duration.ofSeconds(5), local.LocalStack::stopS3,
                local.LocalStack::startS3);
    }

    /** A part of the local stack taken away for {@code length}, then brought back. */
    private static ProcessFault outage(String name, Duration length, StackStep stop, StackStep start) {
        return new ProcessFault(name, app -> {
            stop.on(app.localStack());
            await().pollDelay(length).until(() -> true);
            start.on(app.localStack());
        });
    }

    @FunctionalInterface
    private interface StackStep {
        void on(local.LocalStack stack) throws Exception;
    }

    /** The workers of an API-only instance, as child processes; {@link #killOne} is the kill -9 fault. */
    static final class Workers implements AutoCloseable {
        private final SyncWellInstance app;
        private final Path dir;
        private final List<SyncWellProcess> running = new ArrayList<>();
        private int started;

        Workers(SyncWellInstance app, Path dir, int count) {
            this.app = app;
            this.dir = dir;
            for (int i = 0; i < count; i++) {
                start();
            }
            running.forEach(SyncWellProcess::awaitStarted);
        }

        private SyncWellProcess start() {
            SyncWellProcess worker = SyncWellProcess.start(app, "faults-worker-" + (++started), dir, Map.of());
            running.add(worker);
            return worker;
        }

        /** SIGKILL to the oldest worker while it has jobs in flight, and a new one in its place. */
        ProcessFault killOne() {
            return new ProcessFault(WORKER_KILL, ignored -> {
                running.remove(0).killHard();
                start().awaitStarted();
            });
        }

        @Override
        public void close() {
            running.forEach(SyncWellProcess::close);
        }
    }

    public Report run() throws Exception {
        Instant started = Instant.now();
        prepareSandbox();
        try {
            return runRounds(started);
        } finally {
            clearAllFaults();
            restoreSandbox();
        }
    }

    private Report runRounds(Instant started) throws Exception {
        createConnections();
        int perRound = links.stream().mapToInt(l -> l.route().types().size()).sum();
        int rounds = Math.max(2, (options.jobs() + perRound - 1) / perRound);
        Map<Integer, ProcessFault> processFaultRounds = new HashMap<>();
        for (int i = 0; i < options.processFaults().size(); i++) {
            // spread over the middle rounds, so jobs before and after see a healthy process
            processFaultRounds.put(1 + (i + 1) * (rounds - 1) / (options.processFaults().size() + 1), options.processFaults().get(i));
        }
        for (int round = 0; round < rounds; round++) {
            runRound(round, processFaultRounds.get(round));
        }
        clearAllFaults();
        relinkAccountsLostToKills();
        List<JsonNode> finalSyncs = finalSyncs();
        // copies of messages whose job was held elsewhere come back after the visibility timeout: all dealt with
        awaitQueueDrained();
        Report report = report(started, rounds, finalSyncs);
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("reliability-report.txt"), report.text());
        return report;
    }

    private void prepareSandbox() {
        for (String provider : PROVIDERS) {
            // the limits as they were (the answer lists them all), to give them back to the tests that run after this
            JsonNode before = sandbox.rateLimit(provider, Map.of("windowSeconds", 0));
            Map<String, Object> restore = new LinkedHashMap<>();
            before.fields().forEachRemaining(limit -> {
                if (!limit.getKey().equals("windowSeconds")) {
                    restore.put(limit.getKey(), limit.getValue().asInt());
                }
            });
            restore.put("windowSeconds", 0);
            limitsBefore.put(provider, restore);
            Map<String, Object> limit = new LinkedHashMap<>(RAISED_LIMITS.get(provider));
            // a provider's window is minutes to hours; one second keeps a 429 storm short, the headers stay the provider's
            limit.put("windowSeconds", 1);
            sandbox.rateLimit(provider, limit);
        }
    }

    private void restoreSandbox() {
        limitsBefore.forEach(sandbox::rateLimit);
    }

    private void createConnections() {
        Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(26, ChronoUnit.HOURS);
        for (int u = 0; u < options.users(); u++) {
            TestUser user = TestUser.linkedTo(app, PROVIDERS.toArray(String[]::new));
            users.add(user);
            for (String provider : PROVIDERS) {
                sandbox.wipe(provider, user.providerUser(provider));
            }
            for (Route route : ROUTES) {
                Link link = new Link(u, user, route, user.connect(route.source(), route.destination(), route.types()));
                links.add(link);
            }
            // seeded once per source user (Garmin feeds two connections)
            seedOnce(user, "fitbit", "steps", ProviderMatrixTest.samples("steps", base));
            seedOnce(user, "fitbit", "weight", ProviderMatrixTest.samples("weight", base));
            seedOnce(user, "googlehealth", "heart_rate", ProviderMatrixTest.samples("heart_rate", base));
            seedOnce(user, "googlehealth", "sleep", ProviderMatrixTest.samples("sleep", base));
            seedOnce(user, "garmin", "activities", ProviderMatrixTest.samples("activities", base));
            seedOnce(user, "withings", "weight", ProviderMatrixTest.samples("weight", base));
            // later workouts from 16 h ago on; Garmin is pulled by upload time, so any recent start is found
            nextFree.put(user.id + "/garmin/activities", base.plus(10, ChronoUnit.HOURS));
        }
    }

    private void seedOnce(TestUser user, String provider, String type, Object entries) {
        sandbox.seed(provider, user.providerUser(provider), type, entries);
    }

    private void runRound(int round, ProcessFault processFault) throws Exception {
        armFaults(round);
        List<JobRef> queued = requestSyncs(round);
        jobs.addAll(queued);
        // SQS is at-least-once: copies of messages whose job has not run yet
        for (JobRef job : queued) {
            if (random.nextDouble() < 0.04) {
                sendDuplicate(job);
            }
        }
        if (processFault != null) {
            processFault.action().inject(app);
            processFaultsInjected.add(processFault.name() + " in round " + (round + 1));
            if (processFault.name().equals(WORKER_KILL)) {
                killRounds.add(round);
            }
        }
        awaitFinished(queued, Duration.ofMinutes(10));
        // and copies of messages of finished jobs
        for (JobRef job : queued) {
            if (random.nextDouble() < 0.02) {
                sendDuplicate(job);
            }
        }
        clearAllFaults();
        seedDeltas(round);
    }

    /**
     * Per provider account and round, at most one fault; 5xx bursts are sized so that no job meets more than
     * {@link #SERVER_ERRORS_PER_JOB} of them from its two ends together — within the retry budget of the test settings
     * (3 redeliveries). A longer outage ends as a dead letter by design, which is not what this suite measures.
     */
    private void armFaults(int round) {
        for (int u = 0; u < users.size(); u++) {
            TestUser user = users.get(u);
            Map<String, Integer> serverErrors = new HashMap<>();
            for (String provider : PROVIDERS) {
                double draw = random.nextDouble();
                String at = user.providerUser(provider);
                Kind kind;
                if (draw < 0.10) {
                    kind = Kind.SERVER_ERRORS;
                    int status = List.of(500, 502, 503, 504).get(random.nextInt(4));
                    int count = Math.min(1 + random.nextInt(2), SERVER_ERRORS_PER_JOB - partnersServerErrors(provider, serverErrors));
                    serverErrors.put(provider, count);
                    sandbox.fault(provider, at, Map.of("status", status, "count", count, "after", random.nextInt(3)));
                } else if (draw < 0.17) {
                    kind = Kind.RATE_LIMIT_STORM;
                    sandbox.fault(provider, at, Map.of("status", 429, "count", 2 + random.nextInt(3)));
                } else if (draw < 0.24) {
                    kind = Kind.LATENCY;
                    sandbox.fault(provider, at, Map.of("delayMillis", 300 + random.nextInt(2200), "count", 1 + random.nextInt(3),
                            "after", random.nextInt(2)));
                } else if (draw < 0.30) {
                    kind = Kind.TOKEN_EXPIRY;
                    sandbox.expireTokens(provider, at);
                    tokenExpiries++;
                } else if (draw < 0.32) {
                    kind = Kind.MALFORMED;
                    sandbox.fault(provider, at, Map.of("malformed", true, "count", 1));
                } else if (draw < 0.35 && partnersServerErrors(provider, serverErrors) < SERVER_ERRORS_PER_JOB) {
                    // a transient failure like a 5xx, and counted in the same retry budget
                    kind = Kind.DROPPED_CONNECTION;
                    serverErrors.put(provider, 1);
                    sandbox.fault(provider, at, Map.of("dropped", true, "count", 1, "after", random.nextInt(2)));
                } else {
                    continue;
                }
                armed.add(new Armed(round, u, provider, kind));
            }
        }
    }

    /** The most 5xx armed at any provider this one shares a connection with (this round, this user). */
    private static int partnersServerErrors(String provider, Map<String, Integer> serverErrors) {
        int most = 0;
        for (Route route : ROUTES) {
            String partner = route.source().equals(provider) ? route.destination()
                    : route.destination().equals(provider) ? route.source() : null;
            most = Math.max(most, partner == null ? 0 : serverErrors.getOrDefault(partner, 0));
        }
        return most;
    }

    private List<JobRef> requestSyncs(int round) throws Exception {
        List<Link> order = new ArrayList<>(links);
        Collections.shuffle(order, random);
        ExecutorService pool = Executors.newFixedThreadPool(options.clients());
        try {
            List<Future<List<JobRef>>> answers = new ArrayList<>();
            for (Link link : order) {
                answers.add(pool.submit(() -> {
                    ApiClient.Answer answer = link.account().api.post("/v1/connections/" + link.id() + "/sync", null);
                    if (answer.status() != 202) {
                        throw new IllegalStateException("sync request answered " + answer.status() + ": " + answer.body());
                    }
                    List<JobRef> refs = new ArrayList<>();
                    answer.json().get("jobs").forEach(job -> refs.add(new JobRef(round, link, job.get("id").asText())));
                    return refs;
                }));
            }
            List<JobRef> queued = new ArrayList<>();
            for (Future<List<JobRef>> answer : answers) {
                queued.addAll(answer.get());
            }
            return queued;
        } finally {
            pool.shutdown();
        }
    }

    /** A copy of the job's message, as the request route queued it, straight onto the hot queue. */
    private void sendDuplicate(JobRef job) {
        JsonNode record = job.link().account().api.get("/v1/jobs/" + job.id()).json();
        String message = SyncScenario.copyOfJobMessage(job.id(), job.link().account().id, job.link().id(),
                record.get("dataType").asText());
        sqs.sendMessage(b -> b.queueUrl(hotQueue).messageBody(message));
        duplicated.add(job.id());
        duplicatesSent++;
    }

    private void awaitFinished(List<JobRef> refs, Duration atMost) {
        ConcurrentLinkedQueue<JobRef> pending = new ConcurrentLinkedQueue<>(refs);
        await().atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> {
            pending.removeIf(ref -> {
                ApiClient.Answer answer = ref.link().account().api.get("/v1/jobs/" + ref.id());
                if (answer.status() != 200) {
                    return false; // 503 while dynalite restarts
                }
                JsonNode job = answer.json();
                String state = job.path("state").asText();
                if (state.equals("SUCCEEDED") || state.equals("MOVED_TO_DLQ")) {
                    finished.put(ref.id(), job);
                    return true;
                }
                return false;
            });
            return pending.isEmpty();
        });
    }

    private void clearAllFaults() {
        for (Armed fault : armed) {
            if (fault.kind() != Kind.TOKEN_EXPIRY) {
                sandbox.clearFaults(fault.provider(), users.get(fault.user()).providerUser(fault.provider()));
            }
        }
    }

    /**
     * New data for most connections: recent enough for every source's lookback (within 45 min), never overlapping
     * what was seeded before, so later jobs carry a delta.
     */
    private void seedDeltas(int round) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        for (TestUser user : users) {
            if (random.nextDouble() < 0.8) {
                seedMinutes(user, "fitbit", "steps", 3, now, at -> Map.of("start", at.toString(),
                        "end", at.plus(1, ChronoUnit.MINUTES).toString(), "count", 20 + random.nextInt(120)));
            }
            if (random.nextDouble() < 0.5) {
                seedMinutes(user, "fitbit", "weight", 1, now, at -> Map.of("time", at.plusSeconds(11).toString(),
                        "kg", 60 + random.nextInt(400) / 10.0, "utcOffset", ProviderMatrixTest.SEEDED_OFFSET));
            }
            if (random.nextDouble() < 0.8) {
                seedMinutes(user, "googlehealth", "heart_rate", 3, now, at -> Map.of("time", at.toString(), "bpm", 55 + random.nextInt(90)));
            }
            if (random.nextDouble() < 0.5) {
                seedMinutes(user, "withings", "weight", 1, now, at -> Map.of("time", at.plusSeconds(23).toString(),
                        "kg", 55 + random.nextInt(500) / 10.0, "utcOffset", ProviderMatrixTest.SEEDED_OFFSET));
            }
            if (random.nextDouble() < 0.4) {
                seedNap(user, now);
            }
            if (round % 3 == 0 && random.nextDouble() < 0.7) {
                String key = user.id + "/garmin/activities";
                Instant start = nextFree.get(key);
                sandbox.seed("garmin", user.providerUser("garmin"), "activities",
                        List.of(workout(start, 12, "Fault Suite Run " + round)));
                nextFree.put(key, start.plus(40, ChronoUnit.MINUTES));
            }
        }
    }

    private void seedMinutes(TestUser user, String provider, String type, int count, Instant now,
                             java.util.function.Function<Instant, Map<String, Object>> entry) {
        String key = user.id + "/" + provider + "/" + type;
        Instant from = nextFree.getOrDefault(key, now.minus(45, ChronoUnit.MINUTES));
        from = from.isBefore(now.minus(45, ChronoUnit.MINUTES)) ? now.minus(45, ChronoUnit.MINUTES) : from;
        List<Map<String, Object>> entries = new ArrayList<>();
        Instant at = from;
        // two minutes apart, and never later than a minute ago, so the minute is complete when a job reads it
        while (entries.size() < count && !at.isAfter(now.minus(1, ChronoUnit.MINUTES))) {
            entries.add(entry.apply(at));
            at = at.plus(2, ChronoUnit.MINUTES);
        }
        if (!entries.isEmpty()) {
            sandbox.seed(provider, user.providerUser(provider), type, entries);
            nextFree.put(key, at);
        }
    }

    /** A 20-minute nap in two stages, five minutes clear of the previous one. */
    private void seedNap(TestUser user, Instant now) {
        String key = user.id + "/googlehealth/sleep";
        Instant start = nextFree.getOrDefault(key, now.minus(45, ChronoUnit.MINUTES));
        start = start.isBefore(now.minus(45, ChronoUnit.MINUTES)) ? now.minus(45, ChronoUnit.MINUTES) : start;
        Instant mid = start.plus(10, ChronoUnit.MINUTES);
        Instant end = start.plus(20, ChronoUnit.MINUTES);
        if (end.isAfter(now.minus(1, ChronoUnit.MINUTES))) {
            return;
        }
        Map<String, Object> nap = new LinkedHashMap<>();
        nap.put("start", start.toString());
        nap.put("end", end.toString());
        nap.put("stages", List.of(Map.of("start", start.toString(), "end", mid.toString(), "level", "light"),
                Map.of("start", mid.toString(), "end", end.toString(), "level", "deep")));
        nap.put("utcOffset", ProviderMatrixTest.SEEDED_OFFSET);
        sandbox.seed("googlehealth", user.providerUser("googlehealth"), "sleep", List.of(nap));
        nextFree.put(key, end.plus(5, ChronoUnit.MINUTES));
    }

    /** A run with GPS, altitude, heart rate, distance and cadence every 5 s (values as {@link Samples#run}). */
    private static Map<String, Object> workout(Instant start, int minutes, String name) {
        List<Map<String, Object>> track = new ArrayList<>();
        int seconds = minutes * 60;
        for (int s = 0; s <= seconds; s += 5) {
            track.add(Map.of("time", start.plusSeconds(s).toString(),
                    "latitude", 48.1372 + s * 0.00002, "longitude", 11.5756 + s * 0.00001,
                    "altitudeMetres", 519.0 + (s % 300) / 60, "heartRate", 118.0 + Math.min(45, s / 20),
                    "distanceMetres", s * 2.9, "cadence", 82.0));
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("start", start.toString());
        run.put("end", start.plusSeconds(seconds).toString());
        run.put("sport", "run");
        run.put("name", name);
        run.put("distanceMetres", seconds * 2.9);
        run.put("kilocalories", minutes * 11.0);
        run.put("samples", track);
        run.put("utcOffset", ProviderMatrixTest.SEEDED_OFFSET);
        return run;
    }

    /**
     * Accounts that need linking again after a worker was killed, while the provider still honours a refresh token of
     * theirs — one SyncWell never stored, so a rotation the killed worker asked for (the provider had answered, the
     * worker died before storing it): linked again before the final syncs, as their users would. A needs-reauth account
     * without such a token, or with no kill before, is left as it is and fails its final sync.
     */
    private void relinkAccountsLostToKills() {
        if (killRounds.isEmpty()) {
            return;
        }
        for (int u = 0; u < users.size(); u++) {
            TestUser user = users.get(u);
            for (JsonNode account : user.api.get("/v1/accounts").json()) {
                String provider = account.path("provider").asText();
                if ("needs_reauth".equals(account.path("status").asText())
                        && sandbox.grants(provider, user.providerUser(provider)).path("refresh").asInt() > 0) {
                    rotationsLostToKills.add(u + "/" + provider);
                    user.link(provider, user.providerUser(provider));
                }
            }
        }
    }

    /** With every fault cleared: one sync per connection, which must succeed and deliver whatever is still missing. */
    private List<JsonNode> finalSyncs() throws Exception {
        List<JobRef> last = requestSyncs(-1);
        awaitFinished(last, Duration.ofMinutes(10));
        return last.stream().map(ref -> finished.get(ref.id())).toList();
    }

    private void awaitQueueDrained() {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> SyncScenario.queueIsDrained(sqs, hotQueue));
    }

    /** Every dead letter in the bucket, by job id. */
    private Map<String, JsonNode> deadLetters() throws IOException {
        Map<String, JsonNode> letters = new HashMap<>();
        for (var object : s3.listObjectsV2Paginator(b -> b.bucket("syncwell-dead-letters").prefix("dead-letters/")).contents()) {
            JsonNode envelope = Json.MAPPER.readTree(s3.getObjectAsBytes(b -> b.bucket("syncwell-dead-letters")
                    .key(object.key())).asByteArray());
            letters.put(envelope.path("jobId").asText(), envelope);
        }
        return letters;
    }

    private Report report(Instant started, int rounds, List<JsonNode> finalSyncs) throws IOException {
        Report.Builder r = new Report.Builder();
        r.rounds = rounds;
        r.users = users.size();
        r.connections = links.size();
        r.duplicatesSent = duplicatesSent;
        r.tokenExpiries = tokenExpiries;
        r.processFaults = processFaultsInjected;
        r.rotationsLostToKills = rotationsLostToKills.size();
        for (Kind kind : Kind.values()) {
            r.faultsArmed.put(kind.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    armed.stream().filter(a -> a.kind() == kind).count());
        }
        Map<String, JsonNode> letters = deadLetters();
        for (JobRef ref : jobs) {
            JsonNode job = finished.get(ref.id());
            r.jobs++;
            List<String> states = SyncScenario.states(job);
            r.deferred += states.contains("DEFERRED") ? 1 : 0;
            r.retried += states.contains("RETRYING") ? 1 : 0;
            if (job.get("state").asText().equals("SUCCEEDED")) {
                r.succeeded++;
                continue;
            }
            r.deadLettered++;
            String error = job.path("error").asText();
            // the provider whose malformed body the job met, if one was armed for its user in its round
            String faulty = armed.stream().filter(a -> a.kind() == Kind.MALFORMED && a.round() == ref.round()
                            && a.user() == ref.link().user()
                            && (a.provider().equals(ref.link().route().source()) || a.provider().equals(ref.link().route().destination()))
                            && error.contains(a.provider()))
                    .map(Armed::provider).findFirst().orElse(null);
            if (faulty == null) {
                faulty = lostToAKill(ref, error);
            }
            boolean injected = faulty != null;
            JsonNode letter = letters.get(ref.id());
            String reason = letter == null ? "" : letter.path("reason").asText();
            boolean archived = injected ? reason.contains(faulty)
                    : reason.contains(ref.link().route().source()) || reason.contains(ref.link().route().destination());
            if (injected) {
                r.deadLetteredInjected++;
            } else {
                r.failures.add("job " + ref.id() + " (" + ref.link().route().source() + " -> " + ref.link().route().destination()
                        + ", " + job.path("dataType").asText() + ", round " + (ref.round() + 1) + ") dead-lettered: " + error);
            }
            if (archived) {
                r.deadLettersArchived++;
            } else {
                r.problems.add("job " + ref.id() + " has no dead letter in S3 naming its provider (reason: "
                        + (letter == null ? "no envelope" : reason) + ")");
            }
        }
        for (JsonNode job : finalSyncs) {
            r.finalSyncs++;
            if (!job.get("state").asText().equals("SUCCEEDED")) {
                r.problems.add("final sync " + job.get("id").asText() + " ended " + job.get("state").asText() + ": "
                        + job.path("error").asText());
            }
        }
        compareDestinations(r);
        r.seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        return r.build();
    }

    /**
     * The provider of the job's connection whose rotated refresh token died with a worker killed in or before the job's
     * round (see {@link #relinkAccountsLostToKills}), when the job failed for want of it; else null.
     */
    private String lostToAKill(JobRef ref, String error) {
        boolean afterAKill = killRounds.stream().anyMatch(round -> round <= ref.round() || ref.round() < 0);
        boolean wantsLinking = error.contains("linked again");
        return !afterAKill || !wantsLinking ? null : Stream.of(ref.link().route().source(), ref.link().route().destination())
                .filter(provider -> error.contains(provider) && rotationsLostToKills.contains(ref.link().user() + "/" + provider))
                .findFirst().orElse(null);
    }

    /** Every destination's records against its source's, as multisets of what must survive a sync. */
    private void compareDestinations(Report.Builder r) {
        for (Link link : links) {
            Route route = link.route();
            for (String type : route.types()) {
                boolean keepsDetail = ProviderMatrixTest.keepsDetail(type, route.destination());
                List<String> expected = ProviderMatrixTest.values(type, sandbox.read(route.source(), link.userAt(route.source()), type), keepsDetail);
                List<String> held = ProviderMatrixTest.values(type, sandbox.read(route.destination(), link.userAt(route.destination()), type), keepsDetail);
                Map<String, Integer> wanted = counts(expected);
                Map<String, Integer> found = counts(held);
                r.expected += expected.size();
                for (Map.Entry<String, Integer> value : wanted.entrySet()) {
                    int there = found.getOrDefault(value.getKey(), 0);
                    r.delivered += Math.min(there, value.getValue());
                    r.lost += Math.max(0, value.getValue() - there);
                    r.duplicated += Math.max(0, there - value.getValue());
                    if (there < value.getValue()) {
                        r.problems.add("lost at " + route.destination() + " (" + type + ", from " + route.source() + ", user "
                                + link.account().id + "): " + abbreviate(value.getKey()));
                    } else if (there > value.getValue()) {
                        r.problems.add("duplicated at " + route.destination() + " (" + type + ", from " + route.source()
                                + ", user " + link.account().id + "): " + abbreviate(value.getKey()) + " x" + there
                                + "; its jobs: " + history(link, type));
                    }
                }
                for (Map.Entry<String, Integer> value : found.entrySet()) {
                    if (!wanted.containsKey(value.getKey())) {
                        r.unexpected += value.getValue();
                        r.problems.add("at " + route.destination() + " (" + type + ", from " + route.source() + ", user "
                                + link.account().id + ") but not at the source: " + abbreviate(value.getKey()));
                    }
                }
            }
        }
    }

    /** What happened to a connection's jobs of one type, round by round: to tell which fault a wrong value followed. */
    private String history(Link link, String type) {
        StringBuilder text = new StringBuilder();
        for (JobRef ref : jobs) {
            JsonNode job = finished.get(ref.id());
            if (ref.link() != link || !job.path("dataType").asText().equals(type)) {
                continue;
            }
            text.append("\n      round ").append(ref.round() + 1).append(' ').append(SyncScenario.states(job))
                    .append(duplicated.contains(ref.id()) ? " sent twice" : "");
            armed.stream().filter(a -> a.round() == ref.round() && a.user() == link.user()
                            && (a.provider().equals(link.route().source()) || a.provider().equals(link.route().destination())))
                    .forEach(a -> text.append(", ").append(a.kind()).append(" at ").append(a.provider()));
        }
        return text.toString();
    }

    private static Map<String, Integer> counts(List<String> values) {
        Map<String, Integer> counts = new HashMap<>();
        values.forEach(v -> counts.merge(v, 1, Integer::sum));
        return counts;
    }

    private static String abbreviate(String value) {
        return value.length() > 160 ? value.substring(0, 160) + "…" : value;
    }

    /**
     * What a run found. {@link #failures}: jobs dead-lettered without an injected permanent fault (they lower the
     * success rate). {@link #problems}: what must never happen — a success rate under 99.9 %, a data point lost,
     * duplicated or at a destination only, a dead letter missing in S3, a final sync that failed.
     */
    public record Report(String text, int jobs, int succeeded, int deadLettered, int deadLetteredInjected, double successRate,
                         long expected, long delivered, long lost, long duplicated, long unexpected, List<String> failures,
                         List<String> problems) {

        static final class Builder {
            int rounds;
            int users;
            int connections;
            int jobs;
            int succeeded;
            int deferred;
            int retried;
            int deadLettered;
            int deadLetteredInjected;
            int deadLettersArchived;
            int finalSyncs;
            int duplicatesSent;
            int tokenExpiries;
            long expected;
            long delivered;
            long lost;
            long duplicated;
            long unexpected;
            double seconds;
            List<String> processFaults = List.of();
            int rotationsLostToKills;
            final Map<String, Long> faultsArmed = new LinkedHashMap<>();
            final List<String> problems = new ArrayList<>();
            /** Jobs dead-lettered without an injected permanent fault: they count against the success rate. */
            final List<String> failures = new ArrayList<>();

            Report build() {
                int counted = jobs - deadLetteredInjected;
                double rate = counted == 0 ? 1.0 : (double) succeeded / counted;
                StringBuilder text = new StringBuilder();
                text.append(String.format(Locale.ROOT, """
                        SyncWell fault suite: %d jobs in %d rounds over %d connections (%d users), %d cores, %.0f s
                          faults armed          %s
                          duplicate deliveries  %d job messages sent twice
                          process faults        %s
                          rotations lost        %d account(s): refresh token rotated, worker killed before storing it (relinked)
                          jobs run              %d
                          succeeded             %d
                          deferred (ever)       %d
                          retried (ever)        %d
                          dead-lettered         %d (%d by injected permanent faults, %d with their envelope in S3)
                          success rate          %.3f %% (excluding the %d injected permanent failures)
                          final clean syncs     %d
                          data points expected  %d
                          delivered             %d
                          lost                  %d
                          duplicated            %d
                          at a destination only %d
                        """, jobs, rounds, connections, users, Runtime.getRuntime().availableProcessors(), seconds,
                        faultsArmed, duplicatesSent, processFaults.isEmpty() ? "none" : String.join(", ", processFaults),
                        rotationsLostToKills,
                        jobs, succeeded, deferred, retried, deadLettered, deadLetteredInjected, deadLettersArchived,
                        rate * 100, deadLetteredInjected, finalSyncs, expected, delivered, lost, duplicated, unexpected));
                text.append(failures.isEmpty() ? "  failed jobs           none\n" : "  failed jobs (not by an injected permanent fault):\n");
                failures.stream().limit(50).forEach(f -> text.append("    ").append(f).append('\n'));
                if (rate < 0.999) {
                    problems.add(0, String.format(Locale.ROOT, "success rate %.3f %% is below 99.9 %%", rate * 100));
                }
                text.append(problems.isEmpty() ? "  problems              none\n" : "  problems:\n");
                problems.stream().limit(50).forEach(p -> text.append("    ").append(p).append('\n'));
                if (problems.size() > 50) {
                    text.append("    … and ").append(problems.size() - 50).append(" more\n");
                }
                return new Report(text.toString(), jobs, succeeded, deadLettered, deadLetteredInjected, rate, expected,
                        delivered, lost, duplicated, unexpected, List.copyOf(failures), List.copyOf(problems));
            }
        }
    }
}
