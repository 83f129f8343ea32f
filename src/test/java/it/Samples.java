package it;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Realistic entries to seed through the sandbox's test API, shared by the tests that compare them at both ends. */
final class Samples {

    private Samples() {
    }

    /** Consecutive one-minute step entries from {@code start}; zero minutes are left out, as trackers do. */
    static List<Map<String, Object>> minutes(Instant start, int... counts) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                Instant from = start.plus(i, ChronoUnit.MINUTES);
                entries.add(Map.of("start", from.toString(), "end", from.plus(1, ChronoUnit.MINUTES).toString(), "count", counts[i]));
            }
        }
        return entries;
    }

    /** Step entries as the test API lists them, each "start/end=count", to compare both ends of a sync. */
    static List<String> stepTriples(JsonNode entries) {
        List<String> triples = new ArrayList<>();
        entries.forEach(e -> triples.add(e.get("start").asText() + "/" + e.get("end").asText() + "=" + e.get("count").asLong()));
        return triples;
    }

    /** A night of 7 h 30 min in four stages, on 30-second epochs as trackers score it. */
    static Map<String, Object> sleep(Instant start) {
        String[][] stages = {{"light", "1800"}, {"deep", "3600"}, {"light", "5400"}, {"rem", "2730"}, {"awake", "300"},
                {"light", "7200"}, {"rem", "5970"}};
        List<Map<String, Object>> levels = new ArrayList<>();
        Instant at = start;
        for (String[] stage : stages) {
            Instant end = at.plusSeconds(Long.parseLong(stage[1]));
            levels.add(Map.of("start", at.toString(), "end", end.toString(), "level", stage[0]));
            at = end;
        }
        Map<String, Object> sleep = new LinkedHashMap<>();
        sleep.put("start", start.toString());
        sleep.put("end", at.toString());
        sleep.put("stages", levels);
        return sleep;
    }

    /**
     * A 30-minute run with GPS, altitude, heart rate, distance and cadence every 5 s. Positions have five decimals
     * and altitudes whole metres, so a format's own resolution (FIT semicircles, 0.2 m altitude) never moves a
     * rounded value across a boundary.
     */
    static Map<String, Object> run(Instant start, String name) {
        List<Map<String, Object>> track = new ArrayList<>();
        for (int s = 0; s <= 1800; s += 5) {
            track.add(Map.of("time", start.plusSeconds(s).toString(),
                    "latitude", 52.5145 + s * 0.00002, "longitude", 13.3501 + s * 0.00001,
                    "altitudeMetres", 34.0 + (s % 600) / 100, "heartRate", 120.0 + Math.min(40, s / 30),
                    "distanceMetres", s * 3.05, "cadence", 84.0));
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("start", start.toString());
        run.put("end", start.plusSeconds(1800).toString());
        run.put("sport", "run");
        run.put("name", name);
        run.put("distanceMetres", 5490.0);
        run.put("kilocalories", 352.0);
        run.put("samples", track);
        // a lap pressed every 10 minutes, 1,830 m each (the track's distance stream); providers that keep no laps ignore them
        List<Map<String, Object>> laps = new ArrayList<>();
        for (int s = 0; s < 1800; s += 600) {
            laps.add(Map.of("start", start.plusSeconds(s).toString(), "end", start.plusSeconds(s + 600).toString(),
                    "distanceMetres", 600 * 3.05));
        }
        run.put("laps", laps);
        return run;
    }
}
