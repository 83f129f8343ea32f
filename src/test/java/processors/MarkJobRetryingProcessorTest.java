package processors;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import failures.TransientSyncException;
import model.JobState;
import state.Job;
import state.JobEvent;
import support.SharedSyncWell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static processors.ProcessorFixtures.exchange;
import static processors.ProcessorFixtures.jobRecord;
import static processors.ProcessorFixtures.jobStore;
import static processors.ProcessorFixtures.lastEvent;
import static processors.ProcessorFixtures.messageOf;
import static processors.ProcessorFixtures.reread;

/**
 * {@link MarkJobRetryingProcessor}, the error policy's step before each redelivery, against the real job store: the job
 * shows RETRYING with the step it failed at, why and which redelivery this is; an unexpected error shows only its kind;
 * an exchange without a job message changes nothing.
 */
@ExtendWith(SharedSyncWell.class)
class MarkJobRetryingProcessorTest {

    private final MarkJobRetryingProcessor processor = new MarkJobRetryingProcessor(jobStore());

    @Test
    void aRetriedJobShowsRetryingAndWhy() {
        Job job = jobRecord(JobState.IN_PROGRESS);
        Exchange exchange = exchange();
        exchange.setProperty(SyncExchange.JOB, messageOf(job));
        exchange.setProperty(SyncExchange.FAILED_STEP, "fetch-source");
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new TransientSyncException("fitbit answered 503"));
        exchange.getMessage().setHeader(Exchange.REDELIVERY_COUNTER, 2);

        processor.process(exchange);

        Job retrying = reread(job);
        assertThat(retrying.state()).isEqualTo(JobState.RETRYING);
        assertThat(retrying.history()).hasSize(2);
        JobEvent event = lastEvent(retrying);
        assertThat(event.state()).isEqualTo(JobState.RETRYING);
        assertThat(event.detail()).isEqualTo("failed at fetch-source: fitbit answered 503; redelivery 2");
        assertThat(event.at()).isNotNull();
    }

    @Test
    void anUnexpectedErrorShowsOnlyItsKindNotItsMessage() {
        Job job = jobRecord(JobState.IN_PROGRESS);
        Exchange exchange = exchange();
        exchange.setProperty(SyncExchange.JOB, messageOf(job));
        exchange.setProperty(SyncExchange.FAILED_STEP, "write");
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("Authorization: Bearer not-a-real-token"));
        exchange.getMessage().setHeader(Exchange.REDELIVERY_COUNTER, 1);

        processor.process(exchange);

        JobEvent event = lastEvent(reread(job));
        assertThat(event.state()).isEqualTo(JobState.RETRYING);
        assertThat(event.detail())
                .isEqualTo("failed at write: unexpected IllegalStateException (see the worker log); redelivery 1")
                .doesNotContain("Bearer").doesNotContain("not-a-real-token");
    }

    @Test
    void withoutAStepOrACounterTheJobStillSaysItRetries() {
        Job job = jobRecord(JobState.IN_PROGRESS);
        Exchange exchange = exchange();
        exchange.setProperty(SyncExchange.JOB, messageOf(job));
        // no FAILED_STEP, no redelivery counter, the failure only on the exchange itself
        exchange.setException(new TransientSyncException("dynamodb throttled the read"));

        processor.process(exchange);

        assertThat(lastEvent(reread(job)).detail()).isEqualTo("failed at ?: dynamodb throttled the read; redelivery 0");
    }

    @Test
    void aFailureNobodyNamedIsAnUnknownFailure() {
        Job job = jobRecord(JobState.IN_PROGRESS);
        Exchange exchange = exchange();
        exchange.setProperty(SyncExchange.JOB, messageOf(job));
        exchange.setProperty(SyncExchange.FAILED_STEP, "resolve");

        processor.process(exchange);

        Job retrying = reread(job);
        assertThat(retrying.state()).isEqualTo(JobState.RETRYING);
        assertThat(lastEvent(retrying).detail()).isEqualTo("failed at resolve: unknown failure; redelivery 0");
    }

    @Test
    void anExchangeWithoutAJobMessageChangesNothing() {
        Job bystander = jobRecord(JobState.IN_PROGRESS);
        Exchange exchange = exchange();
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new TransientSyncException("fitbit answered 503"));

        assertThatCode(() -> processor.process(exchange)).doesNotThrowAnyException();

        Job untouched = reread(bystander);
        assertThat(untouched.state()).isEqualTo(JobState.IN_PROGRESS);
        assertThat(untouched.history()).hasSize(1);
    }

    @Test
    void eachRedeliveryAddsItsOwnLineToTheHistory() {
        Job job = jobRecord(JobState.IN_PROGRESS);
        for (int redelivery = 1; redelivery <= 3; redelivery++) {
            Exchange exchange = exchange();
            exchange.setProperty(SyncExchange.JOB, messageOf(job));
            exchange.setProperty(SyncExchange.FAILED_STEP, "fetch-destination");
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new TransientSyncException("googlefit timed out"));
            exchange.getMessage().setHeader(Exchange.REDELIVERY_COUNTER, redelivery);
            processor.process(exchange);
        }

        Job retrying = reread(job);
        assertThat(retrying.history()).extracting(JobEvent::detail).containsExactly("recorded by a processor test",
                "failed at fetch-destination: googlefit timed out; redelivery 1",
                "failed at fetch-destination: googlefit timed out; redelivery 2",
                "failed at fetch-destination: googlefit timed out; redelivery 3");
    }
}
