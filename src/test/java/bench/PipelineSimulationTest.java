package bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The simulation behind docs/scaling.md meets this machine's measurements (BENCHMARKS.md): its one free figure is found
 * from the bare loop's run, then it predicts the engine's throughput and its job completion at half that rate. And on
 * the AWS pod it obeys Little's law, as any queue must.
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
    void itPredictsJobCompletionAtHalfTheMaximumWhenTheRequestsThatQueueTheJobsAreModelledToo() {
        PipelineSimulation.Result half = PipelineSimulation.fixedRate(CALIBRATION.engine(), CALIBRATION.request(),
                PipelineSimulation.Measured.FIXED_RATE_JOBS_PER_S, 60, 2);
        assertThat(half.percentile(50)).isCloseTo(PipelineSimulation.Measured.FIXED_RATE_P50_MS,
                within(0.25 * PipelineSimulation.Measured.FIXED_RATE_P50_MS));
        assertThat(half.percentile(95)).isCloseTo(PipelineSimulation.Measured.FIXED_RATE_P95_MS,
                within(0.25 * PipelineSimulation.Measured.FIXED_RATE_P95_MS));
        assertThat(half.percentile(99)).isCloseTo(PipelineSimulation.Measured.FIXED_RATE_P99_MS,
                within(0.35 * PipelineSimulation.Measured.FIXED_RATE_P99_MS));
        // the jobs alone, without the requests' calls to the store, wait far less: half the measured p95
        PipelineSimulation.Result jobsAlone = PipelineSimulation.atRate(CALIBRATION.engine(),
                PipelineSimulation.Measured.FIXED_RATE_JOBS_PER_S, 60, 2);
        assertThat(jobsAlone.percentile(95)).isLessThan(0.5 * PipelineSimulation.Measured.FIXED_RATE_P95_MS);
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
