package conflict;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

import model.DataType;
import model.HealthRecord;

/**
 * What a plan does, for the job record and the dry run: how many creates, replacements, merges and skips, the skips by
 * reason, the first {@value #ITEM_LIMIT} items (periods and reasons only — never a health value) and a digest over
 * every item, so a dry run's plan can be compared with the real run's.
 */
public record PlanSummary(int create, int replace, int merge, int skip, Map<String, Integer> skipReasons, List<Item> items,
                          String digest) {

    public static final int ITEM_LIMIT = 50;

    public PlanSummary {
        skipReasons = Collections.unmodifiableMap(new TreeMap<>(skipReasons));
        items = List.copyOf(items);
    }

    /** One thing the plan does to one record: its action, type and period, and why (skips) or from where (merges). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String action, DataType type, Instant start, Instant end, String reason, Map<String, String> fieldProvenance) {
        public Item {
            fieldProvenance = fieldProvenance == null ? null : Collections.unmodifiableMap(new TreeMap<>(fieldProvenance));
        }
    }

    public static PlanSummary of(SyncPlan plan) {
        List<Item> all = new ArrayList<>();
        plan.creates().forEach(r -> all.add(item("create", r, null, null)));
        plan.replacements().forEach(r -> all.add(item("replace", r.source(), null, null)));
        plan.merges().forEach(m -> all.add(item("merge", m.merged(), null, m.fieldProvenance())));
        plan.skips().forEach(s -> all.add(item("skip", s.source(), s.reason(), null)));
        Map<String, Integer> reasons = new TreeMap<>();
        plan.skips().forEach(s -> reasons.merge(s.reason(), 1, Integer::sum));
        return new PlanSummary(plan.creates().size(), plan.replacements().size(), plan.merges().size(), plan.skips().size(),
                reasons, all.subList(0, Math.min(ITEM_LIMIT, all.size())), digest(all));
    }

    private static Item item(String action, HealthRecord record, String reason, Map<String, String> fieldProvenance) {
        return new Item(action, record.type(), record.start(), record.end(), reason, fieldProvenance);
    }

    /** SHA-256 over every item's action, period and reason (a merge's reason is its sorted field provenance). */
    private static String digest(List<Item> items) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Item item : items) {
                String reason = item.reason() != null ? item.reason()
                        : item.fieldProvenance() != null ? new TreeMap<>(item.fieldProvenance()).toString() : "";
                sha.update((item.action() + "|" + item.start() + "|" + item.end() + "|" + reason + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
