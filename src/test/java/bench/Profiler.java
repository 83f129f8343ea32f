package bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import one.profiler.AsyncProfiler;

/**
 * async-profiler (its Maven Central artifact: the native library inside the jar) sampling this JVM's CPU while a
 * benchmark phase runs (every 10 ms of CPU, which costs the phase well under 1 %): a flame graph per phase
 * ({@code target/flame-<phase>.html}, open it in a browser) and a summary of where the samples fell — by kind of thread
 * (the worker's, the sandbox's, ElasticMQ's…) and by the heaviest frames — for the report. Where the kernel refuses perf
 * events to this process, it samples with a CPU timer instead.
 */
final class Profiler {

    private final AsyncProfiler profiler;
    private final Path outputDir;

    private Profiler(AsyncProfiler profiler, Path outputDir) {
        this.profiler = profiler;
        this.outputDir = outputDir;
    }

    /** The profiler, or null where its library cannot load here (another OS or CPU): the benchmark then runs without. */
    static Profiler load(Path outputDir) {
        String platform = System.getProperty("os.arch").contains("aarch64") ? "linux-arm64" : "linux-x64";
        try (InputStream library = AsyncProfiler.class.getResourceAsStream("/" + platform + "/libasyncProfiler.so")) {
            if (library == null || !System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")) {
                return null;
            }
            Files.createDirectories(outputDir);
            Path extracted = outputDir.resolve("libasyncProfiler.so");
            Files.copy(library, extracted, StandardCopyOption.REPLACE_EXISTING);
            return new Profiler(AsyncProfiler.getInstance(extracted.toAbsolutePath().toString()), outputDir);
        } catch (IOException | UnsatisfiedLinkError | IllegalStateException e) {
            System.err.println("profiler not available: " + e);
            return null;
        }
    }

    void start() throws IOException {
        try {
            profiler.execute("start,event=cpu,interval=10ms,threads");
        } catch (IllegalStateException perfEventsRefused) {
            profiler.execute("start,event=ctimer,interval=10ms,threads");
        }
    }

    /** Stops sampling; writes the phase's flame graph and answers the summary of its samples. */
    String stop(String phase) throws IOException {
        profiler.execute("stop");
        Path flameGraph = outputDir.resolve("flame-" + phase + ".html");
        Path collapsed = outputDir.resolve("stacks-" + phase + ".txt");
        profiler.execute("flamegraph,title=SyncWell " + phase + ",file=" + flameGraph.toAbsolutePath());
        profiler.execute("collapsed,file=" + collapsed.toAbsolutePath());
        return summary(phase, Files.readAllLines(collapsed), flameGraph);
    }

    /** Share of the samples by kind of thread, then the frames most samples were spent in (self time). */
    private static String summary(String phase, List<String> stacks, Path flameGraph) {
        Map<String, Long> byThread = new HashMap<>();
        Map<String, Long> selfFrames = new HashMap<>();
        long total = 0;
        for (String line : stacks) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long samples = Long.parseLong(line.substring(space + 1));
            String[] frames = line.substring(0, space).split(";");
            total += samples;
            byThread.merge(threadKind(frames[0]), samples, Long::sum);
            selfFrames.merge(frames[frames.length - 1], samples, Long::sum);
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "  profile of %s: %d samples (10 ms of CPU each), flame graph %s%n",
                phase, total, flameGraph.getFileName()));
        out.append("    by thread: ").append(top(byThread, total, 8, Function.identity())).append('\n');
        out.append("    hottest frames (self): ").append(top(selfFrames, total, 10, Profiler::shortFrame)).append('\n');
        return out.toString();
    }

    private static String top(Map<String, Long> samples, long total, int count, Function<String, String> name) {
        return samples.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(count)
                .map(e -> String.format(Locale.ROOT, "%s %.1f%%", name.apply(e.getKey()), 100.0 * e.getValue() / total))
                .collect(Collectors.joining(", "));
    }

    /** A thread named as its kind: numbers and ids dropped, so the pool's threads add up. */
    private static String threadKind(String root) {
        String name = root.replaceFirst("^\\[", "").replaceFirst(" tid=\\d+]$", "");
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("aws2-sqs", "worker (Camel SQS consumers)");
        kinds.put("bare-loop", "bare loop");
        kinds.put("Camel", "Camel (other)");
        kinds.put("sandbox", "sandbox");
        kinds.put("elasticmq", "ElasticMQ");
        kinds.put("pekko", "ElasticMQ");
        kinds.put("sdk-async", "AWS SDK");
        kinds.put("HttpClient", "java.net.http client");
        kinds.put("GC", "GC");
        kinds.put("C2 Compiler", "JIT");
        kinds.put("C1 Compiler", "JIT");
        kinds.put("qtp", "Jetty (S3Proxy)");
        for (Map.Entry<String, String> kind : kinds.entrySet()) {
            if (name.contains(kind.getKey())) {
                return kind.getValue();
            }
        }
        return name.replaceAll("[-#\\s]*\\d+", "").trim();
    }

    private static String shortFrame(String frame) {
        String method = frame.replaceFirst("_\\[[a-z]\\]$", "");
        int paren = method.indexOf('(');
        method = paren > 0 ? method.substring(0, paren) : method;
        String[] parts = method.split("[./]");
        return parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : method;
    }
}
