package bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * A discrete-event simulation of the hot worker: jobs wait in the queue for one of the worker's consumers, then run
 * their steps one after another — CPU of the worker's process on one of its cores, calls to the state store, calls to
 * remote services that only take time — each step waiting for what it holds. Service times are drawn from exponential
 * distributions around the means the worker benchmark measured (BENCHMARKS.md), so queueing shows as it does on a real
 * machine; sync requests arrive evenly spaced, as the benchmark sends them, and jobs on their own at random. What it
 * leaves out — collections, LevelDB's compactions, the load generator on the same cores — only adds to a tail, so its
 * tails are floors. Two machines are modelled:
 * <ul>
 *   <li>{@link #thisMachine}: two cores shared by the JVM and dynalite, whose one thread serves the store's calls one
 *   at a time (and needs a core to do it) — checked against the benchmark's measurements ({@code PipelineSimulationTest},
 *   docs/scaling.md);</li>
 *   <li>{@link #awsPod}: one worker pod in AWS — its own cores, DynamoDB, SQS and the providers as latencies — from
 *   which docs/scaling.md sizes the fleet for 10 million users.</li>
 * </ul>
 * Run {@code main} for docs/scaling.md's tables.
 */
final class PipelineSimulation {

    /** What a step holds while it runs. */
    enum Kind {
        /** A core of the worker's machine. */
        CPU,
        /** The local store's one thread, and a core of the same machine (dynalite). */
        LOCAL_STORE,
        /** Nothing of ours: a call whose answer takes this long (DynamoDB, SQS or a provider in AWS). */
        REMOTE
    }

    /** One step of a job, its mean time in milliseconds. */
    record Step(Kind kind, double meanMs) {
    }

    /** The machine and the job: cores, consumers, and the steps every job runs. */
    record Model(String name, int cores, int consumers, List<Step> steps) {
    }

    /**
     * What a run gave: jobs per second, job completion times (queued → end), the API's request times where requests
     * were sent, and how busy the cores and the consumers were.
     */
    record Result(int jobs, double seconds, double[] completionMs, double[] requestMs, double coreUtilisation,
                  double consumerUtilisation) {

        double throughput() {
            return jobs / seconds;
        }

        double percentile(double p) {
            return percentile(completionMs, p);
        }

        double requestPercentile(double p) {
            return percentile(requestMs, p);
        }

        private static double percentile(double[] values, double p) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
        }
    }

    /**
     * This machine as the worker benchmark runs it: two cores, five consumers, a delta job's five DynamoDB calls (a sixth,
     * the records ledger's, for the three jobs in ten that saw records: its time is in the measured figure) served
     * by dynalite's one thread between six slices of the JVM's CPU (the app, ElasticMQ, S3Proxy and the sandbox all run
     * in it). {@code storeThreadShare}: the part of dynalite's measured CPU its serving thread spends (the rest is V8's
     * garbage collection on threads of its own).
     */
    static Model thisMachine(String name, double jvmMsPerJob, double dynaliteMsPerJob, double storeThreadShare) {
        List<Step> steps = new ArrayList<>();
        int storeCalls = 5;
        double slice = jvmMsPerJob / (storeCalls + 1);
        for (int call = 0; call < storeCalls; call++) {
            steps.add(new Step(Kind.CPU, slice));
            steps.add(new Step(Kind.LOCAL_STORE, dynaliteMsPerJob * storeThreadShare / storeCalls));
        }
        steps.add(new Step(Kind.CPU, slice));
        return new Model(name, 2, 5, List.copyOf(steps));
    }

    /**
     * One worker pod in AWS: {@code cores} of its own, {@code consumers} consumers; a delta job is the SQS receive (a
     * tenth of a poll) and delete, six DynamoDB calls, the source's fetch, the destination's fetch and, for one job in
     * {@code writeEvery}, a write — each a latency — and the worker's own CPU between them.
     */
    static Model awsPod(int cores, int consumers, double cpuMsPerJob, double dynamoMs, double providerMs) {
        List<Step> steps = new ArrayList<>();
        double slice = cpuMsPerJob / 8;
        steps.add(new Step(Kind.REMOTE, 2));               // its share of a receive of ten messages
        steps.add(new Step(Kind.CPU, slice));
        for (int call = 0; call < 3; call++) {             // the job's read, its type's lease, its claim
            steps.add(new Step(Kind.REMOTE, dynamoMs));
            steps.add(new Step(Kind.CPU, slice));
        }
        steps.add(new Step(Kind.REMOTE, providerMs));      // the source's fetch
        steps.add(new Step(Kind.CPU, slice));
        steps.add(new Step(Kind.REMOTE, providerMs));      // what the destination holds
        steps.add(new Step(Kind.CPU, slice));
        steps.add(new Step(Kind.REMOTE, providerMs / 2));  // a write for one job in two: on average half a call
        steps.add(new Step(Kind.CPU, slice));
        for (int call = 0; call < 3; call++) {             // the records' fates, the cursor, the job's end
            steps.add(new Step(Kind.REMOTE, dynamoMs));
        }
        steps.add(new Step(Kind.CPU, slice));
        steps.add(new Step(Kind.REMOTE, 6));               // the message's delete
        return new Model("aws pod", cores, consumers, List.copyOf(steps));
    }

    /** A sync request's calls to the store: the connection read, its types' waiting slots claimed, its jobs in a batch. */
    static final int SYNC_REQUEST_STORE_CALLS = 3;

    /**
     * A sync request on this machine: its {@link #SYNC_REQUEST_STORE_CALLS} calls to dynalite and the messages' send,
     * with {@code cpuMs} of the JVM's CPU between them.
     */
    static List<Step> syncRequestOnThisMachine(double cpuMs, double storeCallMs) {
        List<Step> steps = new ArrayList<>();
        double slice = cpuMs / (SYNC_REQUEST_STORE_CALLS + 1);
        for (int call = 0; call < SYNC_REQUEST_STORE_CALLS; call++) {
            steps.add(new Step(Kind.CPU, slice));
            steps.add(new Step(Kind.LOCAL_STORE, storeCallMs));
        }
        steps.add(new Step(Kind.CPU, slice));
        return List.copyOf(steps);
    }

    /** {@code jobs} jobs all queued at once, drained as fast as the model can: saturation. */
    static Result saturate(Model model, int jobs, long seed) {
        return new Run(model, seed).arrivals(jobs, 0).finish();
    }

    /**
     * Sync requests at {@code perSecond}, evenly spaced, for {@code seconds} (the API's threads: no consumer held), each
     * queuing {@code jobsEach} jobs for the consumers once answered: the benchmark's API run.
     */
    static Result requests(Model model, List<Step> request, double perSecond, double seconds, int jobsEach, long seed) {
        return new Run(model, seed).requests(request, (int) Math.round(perSecond * seconds), perSecond, jobsEach).finish();
    }

    /**
     * The benchmark's fixed-rate run: sync requests at half of {@code jobsPerSecond}, each queuing two jobs (steps and
     * weight) once answered — the requests' own calls to the store competing with the jobs', as they do on the machine.
     */
    static Result fixedRate(Model model, List<Step> request, double jobsPerSecond, double seconds, long seed) {
        return requests(model, request, jobsPerSecond / 2, seconds, 2, seed);
    }

    /** Jobs arriving at random (Poisson) at {@code perSecond} for {@code seconds}: an open loop. */
    static Result atRate(Model model, double perSecond, double seconds, long seed) {
        return new Run(model, seed).arrivals((int) Math.round(perSecond * seconds), perSecond).finish();
    }

    /** One run: the event list, the resources, the jobs. */
    private static final class Run {

        private record Event(double at, long order, Runnable action) {
        }

        /** Servers taken one at a time, in the order asked for. */
        private final class Pool {
            private int free;
            private final int servers;
            private double busySince;
            private double busy;
            private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();

            Pool(int servers) {
                this.servers = servers;
                this.free = servers;
            }

            void acquire(Runnable then) {
                if (free > 0) {
                    account();
                    free--;
                    then.run();
                } else {
                    waiting.add(then);
                }
            }

            void release() {
                Runnable next = waiting.poll();
                if (next != null) {
                    next.run();
                } else {
                    account();
                    free++;
                }
            }

            /** Busy server-time so far: each change of the number busy adds the time since the last. */
            private void account() {
                busy += (servers - free) * (now - busySince);
                busySince = now;
            }

            double utilisation(double end) {
                now = end;
                account();
                return busy / (servers * end);
            }
        }

        private final Model model;
        private final Random random;
        private final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.at != b.at
                ? Double.compare(a.at, b.at) : Long.compare(a.order, b.order));
        private final Pool cores;
        private final Pool store = new Pool(1);
        private final Pool consumers;
        private double now;
        private long order;
        private double[] completions;
        private double[] requestTimes = new double[0];
        private int finished;
        private int answered;
        private double lastEnd;

        Run(Model model, long seed) {
            this.model = model;
            this.random = new Random(seed);
            this.cores = new Pool(model.cores());
            this.consumers = new Pool(model.consumers());
        }

        Run arrivals(int jobs, double perSecond) {
            completions = new double[jobs];
            double at = 0;
            for (int job = 0; job < jobs; job++) {
                if (perSecond > 0) {
                    at += exponential(1000 / perSecond);
                }
                double queuedAt = at;
                schedule(at, () -> job(queuedAt));
            }
            return this;
        }

        Run requests(List<Step> request, int count, double perSecond, int jobsEach) {
            completions = new double[count * jobsEach];
            requestTimes = new double[count];
            double at = 0;
            for (int i = 0; i < count; i++) {
                // evenly spaced, as the benchmark's load generator sends them (FixedRate)
                at += 1000 / perSecond;
                double sentAt = at;
                schedule(at, () -> steps(request, 0, () -> {
                    requestTimes[answered++] = now - sentAt;
                    for (int job = 0; job < jobsEach; job++) {
                        job(now);
                    }
                }));
            }
            return this;
        }

        Result finish() {
            while (!events.isEmpty()) {
                Event event = events.poll();
                now = event.at();
                event.action().run();
            }
            return new Result(finished, lastEnd / 1000, completions, requestTimes, cores.utilisation(lastEnd),
                    consumers.utilisation(lastEnd));
        }

        /** A job: a consumer, then its steps; its completion time counted from when it was queued. */
        private void job(double queuedAt) {
            consumers.acquire(() -> steps(model.steps(), 0, () -> {
                consumers.release();
                completions[finished++] = now - queuedAt;
                lastEnd = now;
            }));
        }

        /** Runs {@code steps} from {@code index} on, each once what it holds is free, then {@code done}. */
        private void steps(List<Step> steps, int index, Runnable done) {
            if (index == steps.size()) {
                done.run();
                return;
            }
            Step step = steps.get(index);
            double took = exponential(step.meanMs());
            Runnable next = () -> steps(steps, index + 1, done);
            switch (step.kind()) {
                case CPU -> cores.acquire(() -> after(took, () -> {
                    cores.release();
                    next.run();
                }));
                case LOCAL_STORE -> store.acquire(() -> cores.acquire(() -> after(took, () -> {
                    cores.release();
                    store.release();
                    next.run();
                })));
                case REMOTE -> after(took, next);
            }
        }

        private void after(double ms, Runnable action) {
            schedule(now + ms, action);
        }

        private void schedule(double at, Runnable action) {
            events.add(new Event(at, order++, action));
        }

        private double exponential(double mean) {
            return -mean * Math.log(1 - random.nextDouble());
        }
    }

    /** docs/scaling.md's tables: this machine against its measurements, then one pod in AWS under growing load. */
    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        Calibration calibration = Calibration.fromBareLoop();
        System.out.printf("dynalite's serving thread: %.2f of its measured CPU (from the bare loop's %.1f jobs/s)%n",
                calibration.storeThreadShare(), Measured.BARE_LOOP_JOBS_PER_S);
        Model engine = calibration.engine();
        Result saturated = saturate(engine, 10_000, 1);
        System.out.printf("engine, 10,000 jobs at once: %.1f jobs/s (measured %.1f); cores %.0f %% busy%n",
                saturated.throughput(), Measured.ENGINE_JOBS_PER_S, 100 * saturated.coreUtilisation());
        Result jobsAlone = atRate(engine, Measured.FIXED_RATE_JOBS_PER_S, 60, 2);
        System.out.printf("engine at %.1f jobs/s, the jobs alone: completion p50 %.1f, p95 %.1f, p99 %.1f ms%n",
                Measured.FIXED_RATE_JOBS_PER_S, jobsAlone.percentile(50), jobsAlone.percentile(95), jobsAlone.percentile(99));
        List<Step> request = calibration.request();
        Result half = fixedRate(engine, request, Measured.FIXED_RATE_JOBS_PER_S, 60, 2);
        System.out.printf("engine at %.1f jobs/s, queued by sync requests as the benchmark does: completion p50 %.1f, p95 %.1f,"
                        + " p99 %.1f ms (measured %.1f, %.1f, %.1f); request p50 %.1f, p99 %.1f ms%n",
                Measured.FIXED_RATE_JOBS_PER_S, half.percentile(50), half.percentile(95), half.percentile(99),
                Measured.FIXED_RATE_P50_MS, Measured.FIXED_RATE_P95_MS, Measured.FIXED_RATE_P99_MS,
                half.requestPercentile(50), half.requestPercentile(99));

        Model stopped = new Model("worker stopped", 2, 0, engine.steps());
        Result apiAlone = requests(stopped, request, 200, 15, 0, 4);
        System.out.printf("API alone at 200 requests/s: request p50 %.1f, p95 %.1f, p99 %.1f ms (measured %.1f, %.1f, %.1f)%n",
                apiAlone.requestPercentile(50), apiAlone.requestPercentile(95), apiAlone.requestPercentile(99),
                Measured.API_ALONE_P50_MS, Measured.API_ALONE_P95_MS, Measured.API_ALONE_P99_MS);
        // the worker draining beside it, with its five consumers (the benchmark) and with fewer: what the API's p99 costs
        for (int consumers : new int[] {5, 3, 2, 1}) {
            Model worker = new Model("engine, " + consumers + " consumers", 2, consumers, engine.steps());
            Result api = requests(worker, request, 200, 15, 2, 4);
            System.out.printf("API at 200 requests/s for 15 s, the worker draining with %d consumer(s): request p50 %.1f, p95 %.1f,"
                            + " p99 %.1f ms; the 6,000 jobs ended after %.1f s%s%n", consumers, api.requestPercentile(50),
                    api.requestPercentile(95), api.requestPercentile(99), api.seconds(), consumers != 5 ? ""
                            : String.format(" (measured p50 %.1f, p95 %.1f, p99 %.1f ms; %.1f s)", Measured.API_P50_MS,
                                    Measured.API_P95_MS, Measured.API_P99_MS, Measured.API_DRAIN_S));
        }

        System.out.println();
        System.out.println("one AWS pod (2 cores, 3 ms CPU a job, DynamoDB 5 ms, providers 250 ms): jobs/s offered, consumers"
                + " -> completion p50 / p95 ms, cores busy, consumers busy");
        for (int consumers : new int[] {5, 50, 200, 400}) {
            for (double rate : new double[] {8, 80, 300, 450, 600}) {
                Result pod = atRate(awsPod(2, consumers, 3.0, 5, 250), rate, 60, 3);
                System.out.printf("  %5.0f/s  %3d consumers: p50 %8.0f  p95 %8.0f  cores %3.0f %%  consumers %3.0f %%%n",
                        rate, consumers, pod.percentile(50), pod.percentile(95), 100 * pod.coreUtilisation(),
                        100 * pod.consumerUtilisation());
            }
        }
    }

    /**
     * The worker benchmark's figures (BENCHMARKS.md, 2026-12-08, issue 13's fourth session: one run at its defaults) the
     * simulation starts from.
     */
    static final class Measured {
        static final double BARE_LOOP_JOBS_PER_S = 211.3;
        static final double BARE_LOOP_JVM_MS = 2.89;
        static final double BARE_LOOP_DYNALITE_MS = 4.67;
        static final double ENGINE_JOBS_PER_S = 209.8;
        static final double ENGINE_JVM_MS = 3.37;
        static final double ENGINE_DYNALITE_MS = 4.48;
        static final double FIXED_RATE_JOBS_PER_S = 104.9;
        static final double FIXED_RATE_P50_MS = 11.2;
        static final double FIXED_RATE_P95_MS = 28.3;
        static final double FIXED_RATE_P99_MS = 72.8;
        static final double API_ALONE_JVM_MS = 2.10;
        static final double API_ALONE_DYNALITE_MS = 2.70;
        static final double API_ALONE_P50_MS = 3.2;
        static final double API_ALONE_P95_MS = 10.9;
        static final double API_ALONE_P99_MS = 16.8;
        static final double API_P50_MS = 28.1;
        static final double API_P95_MS = 57.2;
        static final double API_P99_MS = 91.8;
        static final double API_DRAIN_S = 34.9;

        private Measured() {
        }
    }

    /**
     * The one figure not measured directly — how much of dynalite's CPU its serving thread spends — found from the bare
     * loop's run (the share at which the simulated bare loop drains as fast as the measured one), and then used,
     * unchanged, to predict the engine.
     */
    record Calibration(double storeThreadShare) {

        static Calibration fromBareLoop() {
            double low = 0.3;
            double high = 1.0;
            for (int i = 0; i < 30; i++) {
                double share = (low + high) / 2;
                double throughput = saturate(thisMachine("bare loop", Measured.BARE_LOOP_JVM_MS, Measured.BARE_LOOP_DYNALITE_MS,
                        share), 10_000, 1).throughput();
                if (throughput > Measured.BARE_LOOP_JOBS_PER_S) {
                    low = share;
                } else {
                    high = share;
                }
            }
            return new Calibration((low + high) / 2);
        }

        Model engine() {
            return thisMachine("engine", Measured.ENGINE_JVM_MS, Measured.ENGINE_DYNALITE_MS, storeThreadShare);
        }

        /** A sync request of two types as the benchmark measured it with the worker stopped: JVM CPU, dynalite's over its calls. */
        List<Step> request() {
            return syncRequestOnThisMachine(Measured.API_ALONE_JVM_MS,
                    Measured.API_ALONE_DYNALITE_MS * storeThreadShare / SYNC_REQUEST_STORE_CALLS);
        }
    }
}
