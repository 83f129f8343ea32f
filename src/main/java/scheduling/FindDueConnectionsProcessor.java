package scheduling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import state.DueIndex;
import state.ScheduledRuns;

/**
 * scheduler-find-due: the connections due by now, one query per shard of the due index (never a scan of the table),
 * shards in a random order so that replicas do not all start on the same connections. At most {@code perShard} a shard
 * and tick; the rest are found at the next tick. Body: the due runs ({@link ScheduledRuns.Due}).
 */
public class FindDueConnectionsProcessor implements Processor {

    private final ScheduledRuns runs;
    private final DueIndex index;
    private final int perShard;

    public FindDueConnectionsProcessor(ScheduledRuns runs, DueIndex index, int perShard) {
        this.runs = runs;
        this.index = index;
        this.perShard = perShard;
    }

    @Override
    public void process(Exchange exchange) {
        Instant now = Instant.now();
        List<String> shards = new ArrayList<>(index.allShards());
        Collections.shuffle(shards);
        List<ScheduledRuns.Due> due = new ArrayList<>();
        for (String shard : shards) {
            due.addAll(runs.due(shard, now, perShard));
        }
        exchange.getMessage().setBody(due);
    }
}
