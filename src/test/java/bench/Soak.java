package bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import support.SyncWellInstance;

/**
 * The one-hour soak ({@code mvn -Psoak verify}, RELIABILITY.md): the app in local mode as the worker benchmark runs it
 * (API and hot worker, one JVM with the sandbox, dynalite beside it) takes sync requests at a fixed rate — half the
 * worker's measured maximum — for {@code soak.minutes}, and once a minute the process is sampled: heap in use and what
 * the old generation keeps after its last collection, RSS of the JVM and of dynalite, live threads, open files of both,
 * jobs ended, job completion of a sample of the minute's jobs, the sync request's P99. Whatever leaks shows as a line
 * that climbs. Written to {@code target/soak.csv}, {@code target/soak-report.txt} and {@code target/soak.svg} (the curves).
 */
public final class Soak {

    /** Completion times are read for this many of each minute's jobs (reading all would double the API's load). */
    private static final int COMPLETION_SAMPLE = 300;

    /**
     * One minute's sample. dynalite's RSS comes in two parts: its own memory ({@code RssAnon}), and pages of LevelDB's
     * table files it maps ({@code RssFile}): page cache the kernel takes back under pressure, growing with the store.
     */
    record Sample(int minute, double heapMb, double oldAfterGcMb, double jvmRssMb, double dynaliteAnonMb,
                  double dynaliteFileMb, int threads, int openFiles, double jobsEnded, double completionP95Ms,
                  double requestP99Ms, int refused, double succeeded, double deadLettered) {

        static String header() {
            return "minute,heap_mb,old_after_gc_mb,jvm_rss_mb,dynalite_anon_mb,dynalite_file_mb,threads,open_files,"
                    + "jobs_ended,completion_p95_ms,request_p99_ms,refused,succeeded,dead_lettered";
        }

        String csv() {
            return String.format(Locale.ROOT, "%d,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%d,%.0f,%.1f,%.1f,%d,%.0f,%.0f", minute, heapMb,
                    oldAfterGcMb, jvmRssMb, dynaliteAnonMb, dynaliteFileMb, threads, openFiles, jobsEnded, completionP95Ms,
                    requestP99Ms, refused, succeeded, deadLettered);
        }
    }

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        int minutes = Integer.getInteger("soak.minutes", 60);
        double jobsPerSecond = Double.parseDouble(System.getProperty("soak.jobs-per-second", "100"));
        int users = Integer.getInteger("soak.users", 50);
        int connections = Integer.getInteger("soak.connections", 1000);
        Path dir = Path.of(System.getProperty("syncwell.test.dir", "target/it")).resolve("soak-" + System.currentTimeMillis());
        List<Sample> samples = new ArrayList<>();
        try (SyncWellInstance app = new SyncWellInstance("syncwell-soak", dir, WorkerBenchmark.HOT_PATH).start()) {
            app.sandbox().rateLimit("fitbit", Map.of("perHour", 1_000_000));
            app.sandbox().rateLimit("googlefit", Map.of("perMinute", 1_000_000));
            WorkerBenchmark.Workload workload = WorkerBenchmark.Workload.create(app, users, connections);
            List<FixedRate.QueuedJob> previous = List.of();
            samples.add(sample(0, Double.NaN, Double.NaN, 0, 0, 0));
            for (int minute = 1; minute <= minutes; minute++) {
                Map<String, Double> outcomesBefore = WorkerBenchmark.Usage.now(app.context()).outcomes();
                // a request asks for two jobs (steps, weight)
                FixedRate.Outcome sent = FixedRate.send(workload.targets(), jobsPerSecond / 2, Duration.ofMinutes(1));
                // the minute before's jobs have long ended: their completion is final
                double completionP95 = previous.isEmpty() ? Double.NaN
                        : FixedRate.percentile(FixedRate.completionMillis(previous), 95);
                Map<String, Double> outcomes = WorkerBenchmark.Usage.now(app.context()).outcomes();
                Sample sample = sample(minute, completionP95, FixedRate.percentile(sent.requestMillis(), 99), sent.refused(),
                        inMinute(outcomes, outcomesBefore, "succeeded"), inMinute(outcomes, outcomesBefore, "dead_lettered"));
                samples.add(sample);
                System.out.println("soak " + sample.csv());
                previous = sampleOf(sent.jobs());
            }
        }
        Files.writeString(Path.of("target", "soak.csv"), Sample.header() + "\n"
                + String.join("\n", samples.stream().map(Sample::csv).toList()) + "\n");
        String report = report(samples, minutes, jobsPerSecond, users, connections);
        Files.writeString(Path.of("target", "soak-report.txt"), report);
        Files.writeString(Path.of("target", "soak.svg"), SoakChart.svg(samples));
        System.out.println(report);
        System.exit(0);
    }

    private static List<FixedRate.QueuedJob> sampleOf(List<FixedRate.QueuedJob> jobs) {
        List<FixedRate.QueuedJob> shuffled = new ArrayList<>(jobs);
        Collections.shuffle(shuffled, new java.util.Random(shuffled.size()));
        return shuffled.subList(0, Math.min(COMPLETION_SAMPLE, shuffled.size()));
    }

    /** Jobs that ended with {@code outcome} between two readings of the worker's job meters. */
    private static double inMinute(Map<String, Double> now, Map<String, Double> before, String outcome) {
        return now.getOrDefault(outcome, 0.0) - before.getOrDefault(outcome, 0.0);
    }

    private static Sample sample(int minute, double completionP95, double requestP99, int refused, double succeeded,
                                 double deadLettered) {
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> dynalite = WorkerBenchmark.dynalite().toList();
        return new Sample(minute, mb(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()), mb(oldAfterLastGc()),
                WorkerBenchmark.Resources.rssKb(self) / 1024.0,
                dynalite.stream().mapToLong(p -> WorkerBenchmark.Resources.statusKb(p.pid(), "RssAnon:")).sum() / 1024.0,
                dynalite.stream().mapToLong(p -> WorkerBenchmark.Resources.statusKb(p.pid(), "RssFile:")).sum() / 1024.0,
                ManagementFactory.getThreadMXBean().getThreadCount(),
                openFiles(self) + dynalite.stream().mapToInt(p -> openFiles(p.pid())).sum(), succeeded + deadLettered,
                completionP95, requestP99, refused, succeeded, deadLettered);
    }

    /** What the heap's old generation held right after its last collection: what survives, not what awaits a GC. */
    private static long oldAfterLastGc() {
        long kept = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getName().contains("Old") && pool.getCollectionUsage() != null) {
                kept += pool.getCollectionUsage().getUsed();
            }
        }
        return kept;
    }

    private static int openFiles(long pid) {
        try (var entries = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) entries.count();
        } catch (java.io.IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /**
     * Per measure: first and last ten minutes' means and the growth between them, as a reader judges flatness; the
     * first ten minutes (the JIT, the heap finding its size) stand apart.
     */
    static String report(List<Sample> samples, int minutes, double jobsPerSecond, int users, int connections) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "SyncWell soak: %d minutes at %.0f jobs/s (%d"
                + " connections of %d users), sampled every minute%n", minutes, jobsPerSecond, connections, users));
        List<Sample> measured = samples.subList(1, samples.size());
        int window = Math.min(10, Math.max(1, measured.size() / 3));
        List<Sample> early = measured.subList(0, window);
        List<Sample> late = measured.subList(measured.size() - window, measured.size());
        out.append(String.format(Locale.ROOT, "  %-32s %12s %12s %10s%n", "", "minutes 1-" + window,
                "last " + window, "change"));
        line(out, "heap in use (MB)", early, late, Sample::heapMb);
        line(out, "old generation after GC (MB)", early, late, Sample::oldAfterGcMb);
        line(out, "JVM RSS (MB)", early, late, Sample::jvmRssMb);
        line(out, "dynalite RSS, its own (MB)", early, late, Sample::dynaliteAnonMb);
        line(out, "dynalite RSS, mapped files (MB)", early, late, Sample::dynaliteFileMb);
        line(out, "threads", early, late, s -> s.threads());
        line(out, "open files (JVM + dynalite)", early, late, s -> s.openFiles());
        line(out, "jobs ended a minute", early, late, Sample::jobsEnded);
        line(out, "  of which succeeded", early, late, Sample::succeeded);
        out.append(String.format(Locale.ROOT, "  jobs dead-lettered: %.0f%n", measured.stream().mapToDouble(Sample::deadLettered).sum()));
        line(out, "job completion p95 (ms)", early.subList(Math.min(1, early.size() - 1), early.size()), late,
                Sample::completionP95Ms);
        line(out, "sync request p99 (ms)", early, late, Sample::requestP99Ms);
        out.append(String.format(Locale.ROOT, "  sync requests refused: %d%n",
                measured.stream().mapToInt(Sample::refused).sum()));
        return out.toString();
    }

    private static void line(StringBuilder out, String name, List<Sample> early, List<Sample> late,
                             java.util.function.ToDoubleFunction<Sample> measure) {
        double before = early.stream().mapToDouble(measure).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
        double after = late.stream().mapToDouble(measure).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
        out.append(String.format(Locale.ROOT, "  %-32s %12.1f %12.1f %+9.1f %%%n", name, before, after,
                100 * (after - before) / before));
    }
}
