package bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The simulation behind docs/scaling.md meets this machine's measurements (BENCHMARKS.md): its one free figure is found
 * from the bare loop's run, then it predicts the engine's throughput, the body of its job completion at half that rate
 * and of the API's answers, and a floor under their tails. And on the AWS pod it obeys Little's law, as any queue must.
 */
class PipelineSimulationTest {

    private static final PipelineSimulation.Calibration CALIBRATION = PipelineSimulation.Calibration.fromBareLoop();

    @Test
    void calibratedOnTheBareLoopItDrainsAsFastAsTheBareLoopDid() {
        PipelineSimulation.Model bare = PipelineSimulation.thisMachine("bare loop", PipelineSimulation.Measured.BARE_LOOP_JVM_MS,
                PipelineSimulation.Measured.BARE_LOOP_DYNALITE_MS, CALIBRATION.storeThreadShare());
        assertThat(PipelineSimulation.saturate(bare, 10_000, 7).throughput())
                .isCloseTo(PipelineSimulation.Measured.BARE_LOOP_JOBS_PER_S, within(5.0));
        assertThat(CALIBRATION.storeThreadShare()).as("dynalite's serving thread spends most of its CPU").isBetween(0.8, 1.0);
    }

    @Test
    void itPredictsTheEnginesThroughputWithinTenPercent() {
        double predicted = PipelineSimulation.saturate(CALIBRATION.engine(), 10_000, 1).throughput();
        assertThat(predicted).isCloseTo(PipelineSimulation.Measured.ENGINE_JOBS_PER_S,
                within(0.1 * PipelineSimulation.Measured.ENGINE_JOBS_PER_S));
    }

    @Test
    void itPredictsTheBodyOfJobCompletionAtHalfTheMaximumAndItsTailIsAFloor() {
        PipelineSimulation.Result half = PipelineSimulation.fixedRate(CALIBRATION.engine(), CALIBRATION.request(),
                PipelineSimulation.Measured.FIXED_RATE_JOBS_PER_S, 60, 2);
        assertThat(half.percentile(50)).isCloseTo(PipelineSimulation.Measured.FIXED_RATE_P50_MS,
                within(0.25 * PipelineSimulation.Measured.FIXED_RATE_P50_MS));
        // what the model leaves out (collections, LevelDB's compactions, the load generator on the same cores) only
        // adds to the tail
        assertThat(half.percentile(95)).isLessThanOrEqualTo(PipelineSimulation.Measured.FIXED_RATE_P95_MS);
        assertThat(half.percentile(99)).isLessThanOrEqualTo(PipelineSimulation.Measured.FIXED_RATE_P99_MS);
    }

    @Test
    void theApisTailWithTheWorkerDrainingIsAboveTwentyMillisecondsEvenInTheModel() {
        PipelineSimulation.Result api = PipelineSimulation.requests(CALIBRATION.engine(), CALIBRATION.request(), 200, 15, 2, 4);
        assertThat(api.requestPercentile(99)).isGreaterThan(20).isLessThanOrEqualTo(PipelineSimulation.Measured.API_P99_MS);
        PipelineSimulation.Result alone = PipelineSimulation.requests(
                new PipelineSimulation.Model("worker stopped", 2, 0, CALIBRATION.engine().steps()), CALIBRATION.request(),
                200, 15, 0, 4);
        assertThat(alone.requestPercentile(50)).isCloseTo(PipelineSimulation.Measured.API_ALONE_P50_MS,
                within(0.5 * PipelineSimulation.Measured.API_ALONE_P50_MS));
        assertThat(alone.requestPercentile(99)).isLessThanOrEqualTo(PipelineSimulation.Measured.API_ALONE_P99_MS);
    }

    @Test
    void aPodObeysLittlesLaw() {
        int consumers = 200;
        double perSecond = 150;
        PipelineSimulation.Result pod = PipelineSimulation.atRate(PipelineSimulation.awsPod(2, consumers, 3.0, 5, 250),
                perSecond, 120, 3);
        double meanJobSeconds = java.util.Arrays.stream(pod.completionMs()).average().orElseThrow() / 1000;
        // below saturation no job waits for a consumer: busy consumers = arrival rate × time a job holds one
        assertThat(pod.consumerUtilisation() * consumers).isCloseTo(perSecond * meanJobSeconds, within(0.05 * consumers));
    }
}
