package local;

import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.elasticmq.NodeAddress;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.util.NowProvider;

import scala.Option;
import scala.concurrent.Await;
import scala.concurrent.duration.FiniteDuration;

/**
 * ElasticMQ in this JVM: a real server speaking the SQS protocol. Its queues live in an actor system of their own, apart
 * from the HTTP API in front of them, so that the API can be taken away and brought back ({@link #stopApi},
 * {@link #startApi}) as an SQS outage looks to its clients: unreachable for a while, every message still there after.
 */
final class ElasticMqServer implements AutoCloseable {

    /** How long stopping the API, or the queues, may take. */
    private static final FiniteDuration STOPPING = FiniteDuration.apply(30, TimeUnit.SECONDS);

    private final int port;
    private final String region;
    private final ActorSystem actors = ActorSystem.create("elasticmq");
    private final ActorRef queues;
    private SQSRestServer api;

    ElasticMqServer(int port, String region) {
        this.port = port;
        this.region = region;
        this.queues = actors.actorOf(Props.create(QueueManagerActor.class, new NowProvider(), StrictSQSLimits$.MODULE$,
                Option.empty()));
        startApi();
    }

    synchronized void startApi() {
        if (api != null) {
            return;
        }
        api = SQSRestServerBuilder
                .withActorSystem(actors)
                .withQueueManagerActor(queues)
                .withInterface("127.0.0.1")
                .withPort(port)
                .withAWSRegion(region)
                // queue URLs name the address clients use, not the bind address
                .withServerAddress(new NodeAddress("http", "localhost", port, ""))
                .start();
        api.waitUntilStarted();
    }

    /** The port closed and open connections dropped; the queues and their messages stay. */
    synchronized void stopApi() throws Exception {
        if (api == null) {
            return;
        }
        Await.result(api.stopAndGetFuture().apply(), STOPPING);
        api = null;
    }

    @Override
    public void close() throws Exception {
        try {
            stopApi();
        } finally {
            Await.result(actors.terminate(), STOPPING);
        }
    }
}
