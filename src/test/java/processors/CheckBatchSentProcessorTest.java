package processors;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import failures.TransientSyncException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import support.SharedSyncWell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static processors.ProcessorFixtures.app;
import static processors.ProcessorFixtures.exchange;
import static processors.ProcessorFixtures.newId;

/**
 * {@link CheckBatchSentProcessor}, after each SendMessageBatch of the request routes: a batch the local SQS took whole
 * passes, and so does an answer that names no failure; an answer naming refused entries (SQS answers 200 all the same)
 * fails the request with a transient failure that says how many and SQS's code for the first.
 */
@ExtendWith(SharedSyncWell.class)
class CheckBatchSentProcessorTest {

    private final CheckBatchSentProcessor processor = new CheckBatchSentProcessor();

    @Test
    void aBatchTheQueueTookWholePasses() {
        SqsClient sqs = app().context().getRegistry().lookupByNameAndType("sqsClient", SqsClient.class);
        // a queue of this test's own: no worker reads it
        String queueUrl = sqs.createQueue(b -> b.queueName("check-batch-sent-" + newId())).queueUrl();
        try {
            SendMessageBatchResponse answer = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(
                    SendMessageBatchRequestEntry.builder().id("0").messageBody("{\"n\": 0}").build(),
                    SendMessageBatchRequestEntry.builder().id("1").messageBody("{\"n\": 1}").build()));
            assertThat(answer.successful()).hasSize(2);
            Exchange exchange = exchange();
            exchange.getMessage().setBody(answer);

            assertThatCode(() -> processor.process(exchange)).doesNotThrowAnyException();
        } finally {
            sqs.deleteQueue(b -> b.queueUrl(queueUrl));
        }
    }

    @Test
    void aBatchWithRefusedEntriesFailsTheRequestNamingHowManyAndWhy() {
        SendMessageBatchResponse answer = SendMessageBatchResponse.builder()
                .successful(SendMessageBatchResultEntry.builder().id("0").messageId(newId()).build())
                .failed(refused("1", "InternalError"), refused("2", "RequestThrottled"))
                .build();
        Exchange exchange = exchange();
        exchange.getMessage().setBody(answer);

        assertThatThrownBy(() -> processor.process(exchange))
                .isInstanceOf(TransientSyncException.class)
                .hasMessage("the job queue refused 2 message(s): InternalError");
    }

    @Test
    void anAnswerWithAnEmptyListOfFailuresPasses() {
        SendMessageBatchResponse answer = SendMessageBatchResponse.builder()
                .successful(SendMessageBatchResultEntry.builder().id("0").messageId(newId()).build())
                .failed(new BatchResultErrorEntry[0])
                .build();
        assertThat(answer.hasFailed()).as("the list is there, and empty").isTrue();
        Exchange exchange = exchange();
        exchange.getMessage().setBody(answer);

        assertThatCode(() -> processor.process(exchange)).doesNotThrowAnyException();
    }

    @Test
    void anAnswerWithoutAListOfFailuresPasses() {
        Exchange exchange = exchange();
        exchange.getMessage().setBody(SendMessageBatchResponse.builder()
                .successful(SendMessageBatchResultEntry.builder().id("0").messageId(newId()).build()).build());

        assertThatCode(() -> processor.process(exchange)).doesNotThrowAnyException();
    }

    @Test
    void anExchangeWithoutAnAnswerPasses() {
        assertThatCode(() -> processor.process(exchange())).doesNotThrowAnyException();
    }

    private static BatchResultErrorEntry refused(String id, String code) {
        return BatchResultErrorEntry.builder().id(id).senderFault(false).code(code).message("try again later").build();
    }
}
