package api;

import java.util.List;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;

import failures.TransientSyncException;
import model.Json;
import processors.JobMessage;

/** Puts job messages on the hot queue through the request route ({@code direct:enqueue-hot}). */
public class JobQueue {

    private final ProducerTemplate producer;

    public JobQueue(ProducerTemplate producer) {
        this.producer = producer;
    }

    public void enqueueHot(List<JobMessage> messages) {
        List<String> bodies = messages.stream().map(JobQueue::json).toList();
        try {
            producer.requestBody("direct:enqueue-hot", bodies);
        } catch (CamelExecutionException e) {
            throw new TransientSyncException("the job queue is unavailable", e);
        }
    }

    private static String json(JobMessage message) {
        try {
            return Json.MAPPER.writeValueAsString(message);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a job message", e);
        }
    }
}
