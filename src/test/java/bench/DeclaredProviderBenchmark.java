package bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import model.DataType;
import model.HealthRecord;
import model.TimeWindow;
import providers.declared.DeclaredProvider;
import providers.http.ProviderContext;
import providers.spi.FetchRequest;
import providers.spi.ProviderCall;
import support.SyncWellInstance;
import support.TestUser;

/**
 * What a provider declared in YAML costs against the same provider written in Java: the declared Withings' fetch
 * ({@code withings-v2-fetch}: Camel's http component, the shared {@code provider-http} route, the JSONata mapping) and
 * {@link JavaWithings} (the Java provider it replaced: java.net.http, the streaming envelope reader, a hand-written
 * mapper), fetching the same account's weights from the sandbox, alternately, in one process. Reports process CPU per
 * record for each and their ratio; the target is at most 1.2. The sandbox runs in the process and answers the same
 * pages to both, so its share is in both figures alike.
 * Run: {@code mvn -Pbenchmark verify} (options: -Dbench.declared.weights, -Dbench.declared.warm-up,
 * -Dbench.declared.rounds, -Dbench.declared.profile).
 */
public final class DeclaredProviderBenchmark {

    private DeclaredProviderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int weights = Integer.getInteger("bench.declared.weights", 2_000);
        int rounds = Integer.getInteger("bench.declared.rounds", 100);
        int warmUp = Integer.getInteger("bench.declared.warm-up", 100);
        Path dir = Path.of(System.getProperty("syncwell.test.dir", "target/it")).resolve("bench-declared-" + System.currentTimeMillis());

        // the API only: no worker or scheduler shares the process's CPU with the fetches measured
        try (SyncWellInstance app = new SyncWellInstance("syncwell-bench-declared", dir, Map.of("syncwell.roles", "api")).start()) {
            app.sandbox().rateLimit("withings", Map.of("perMinute", 1_000_000));
            TestUser user = TestUser.linkedWithNoData(app, "withings");
            Instant first = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(100));
            List<Map<String, Object>> seeded = new ArrayList<>();
            for (int i = 0; i < weights; i++) {
                seeded.add(Map.of("time", first.plus(Duration.ofMinutes(72L * i)).toString(), "kg", 70 + (i % 500) / 100.0));
            }
            app.sandbox().seedWeight("withings", user.providerUser("withings"), seeded);

            FetchRequest request = new FetchRequest(new ProviderCall(user.id, "withings"), DataType.WEIGHT,
                    new TimeWindow(first.minusSeconds(1), Instant.now()));
            DeclaredProvider withings = app.context().getRegistry().lookupByNameAndType("withings-v2", DeclaredProvider.class);
            JavaWithings java = new JavaWithings(app.context().getRegistry().lookupByNameAndType("providerContext",
                    ProviderContext.class));
            Fetch declared = () -> withings.fetch(request);
            Fetch written = () -> java.fetch(request);
            check(declared.records(), written.records(), weights);

            // warm-up (connection pools, and the JIT: after 10 rounds it still took a third to a half of the CPU measured,
            // and the ratio moved by 0.3 between runs), then the two alternately
            for (int i = 0; i < warmUp; i++) {
                declared.records();
                written.records();
            }
            long declaredCpu = 0;
            long javaCpu = 0;
            long declaredWall = 0;
            long javaWall = 0;
            for (int i = 0; i < rounds; i++) {
                long[] d = measure(declared);
                long[] j = measure(written);
                declaredCpu += d[0];
                declaredWall += d[1];
                javaCpu += j[0];
                javaWall += j[1];
            }
            Profiler profiler = Boolean.getBoolean("bench.declared.profile") ? Profiler.load(Path.of("target")) : null;
            if (profiler != null) {
                // each variant alone under the profiler: where its CPU goes (target/flame-declared-*.html)
                for (Fetch[] variant : new Fetch[][] {{declared}, {written}}) {
                    profiler.start();
                    for (int i = 0; i < rounds; i++) {
                        variant[0].records();
                    }
                    System.out.println(profiler.stop(variant[0] == declared ? "declared-fetch" : "java-fetch"));
                }
            }
            long records = (long) weights * rounds;
            String report = String.format(
                    "declared provider fetch: %d weights x %d rounds (sandbox pages of 50)%n"
                            + "  declared (YAML, camel-http, JSONata): %.2f us CPU per record, %.1f ms per fetch%n"
                            + "  Java (java.net.http, hand mapper):     %.2f us CPU per record, %.1f ms per fetch%n"
                            + "  CPU ratio declared/Java: %.2f (target <= 1.20)%n",
                    weights, rounds, declaredCpu / 1000.0 / records, declaredWall / 1e6 / rounds,
                    javaCpu / 1000.0 / records, javaWall / 1e6 / rounds, (double) declaredCpu / javaCpu);
            System.out.println(report);
            Files.writeString(Path.of("target", "declared-provider-benchmark-report.txt"), report);
        }
        System.exit(0);
    }

    @FunctionalInterface
    private interface Fetch {
        List<?> records() throws Exception;
    }

    /**
     * Process CPU nanoseconds and wall nanoseconds of one fetch, started on a collected heap: the collections during
     * it are of its own garbage, not of the other variant's.
     */
    private static long[] measure(Fetch fetch) throws Exception {
        System.gc();
        long cpu = processCpu();
        long wall = System.nanoTime();
        fetch.records();
        return new long[] {processCpu() - cpu, System.nanoTime() - wall};
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Both read the same records, every one seeded: a benchmark of a wrong fetch would measure nothing. */
    private static void check(List<?> declared, List<?> written, int weights) {
        if (declared.size() != weights || !Objects.equals(declared, written)) {
            throw new IllegalStateException("the fetches disagree: declared " + declared.size() + ", Java " + written.size()
                    + " of " + weights + " records");
        }
        for (Object record : declared) {
            if (!(record instanceof HealthRecord)) {
                throw new IllegalStateException("not a record: " + record);
            }
        }
    }
}
