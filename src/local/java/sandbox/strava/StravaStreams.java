package sandbox.strava;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import model.ActivitySample;
import sandbox.common.SandboxJson;

/**
 * An activity's streams as Strava keeps them: {@code time} in whole seconds since the start and one value per time in
 * each other stream ({@code latlng} as [lat, lng]). A stream exists when at least one sample has its value; gaps are
 * null (a simplification: Strava resamples gaps away).
 */
record StravaStreams(List<Integer> time, List<double[]> latlng, List<Double> distance, List<Double> altitude,
                     List<Double> heartrate, List<Double> cadence, List<Double> watts) {

    static final List<String> TYPES = List.of("time", "latlng", "distance", "altitude", "heartrate", "cadence", "watts");

    static StravaStreams none() {
        return new StravaStreams(List.of(), null, null, null, null, null, null);
    }

    static StravaStreams of(Instant start, List<ActivitySample> samples) {
        List<Integer> time = samples.stream().map(s -> (int) Math.max(0, s.time().getEpochSecond() - start.getEpochSecond())).toList();
        List<double[]> latlng = samples.stream().anyMatch(ActivitySample::hasPosition)
                ? samples.stream().map(s -> s.hasPosition() ? new double[] {s.latitude(), s.longitude()} : null).toList() : null;
        return new StravaStreams(time, latlng, stream(samples, ActivitySample::distanceMetres), stream(samples, ActivitySample::altitudeMetres),
                stream(samples, ActivitySample::heartRate), stream(samples, ActivitySample::cadence), stream(samples, ActivitySample::powerWatts));
    }

    private static List<Double> stream(List<ActivitySample> samples, Function<ActivitySample, Double> value) {
        if (samples.stream().map(value).allMatch(java.util.Objects::isNull)) {
            return null;
        }
        List<Double> values = new ArrayList<>(samples.size());
        samples.forEach(s -> values.add(value.apply(s)));
        return java.util.Collections.unmodifiableList(values);
    }

    boolean isEmpty() {
        return time.isEmpty();
    }

    List<ActivitySample> samples(Instant start) {
        List<ActivitySample> samples = new ArrayList<>(time.size());
        for (int i = 0; i < time.size(); i++) {
            double[] point = latlng == null ? null : latlng.get(i);
            samples.add(new ActivitySample(start.plusSeconds(time.get(i)), point == null ? null : point[0], point == null ? null : point[1],
                    at(altitude, i), at(heartrate, i), at(distance, i), at(cadence, i), at(watts, i)));
        }
        return samples;
    }

    private static Double at(List<Double> values, int i) {
        return values == null ? null : values.get(i);
    }

    /** The streams of the requested types that exist, by type, as {@code key_by_type=true} answers them. */
    Map<String, ArrayNode> data(List<String> keys) {
        Map<String, ArrayNode> data = new LinkedHashMap<>();
        if (isEmpty()) {
            return data;
        }
        for (String key : keys) {
            ArrayNode values = SandboxJson.array();
            switch (key) {
                case "time" -> time.forEach(values::add);
                case "latlng" -> {
                    if (latlng == null) {
                        continue;
                    }
                    latlng.forEach(p -> {
                        if (p == null) {
                            values.addNull();
                        } else {
                            values.addArray().add(p[0]).add(p[1]);
                        }
                    });
                }
                default -> {
                    List<Double> stream = switch (key) {
                        case "distance" -> distance;
                        case "altitude" -> altitude;
                        case "heartrate" -> heartrate;
                        case "cadence" -> cadence;
                        case "watts" -> watts;
                        default -> null;
                    };
                    if (stream == null) {
                        continue;
                    }
                    // heart rate, cadence and power are whole numbers in Strava's streams
                    boolean whole = !key.equals("distance") && !key.equals("altitude");
                    stream.forEach(v -> {
                        if (v == null) {
                            values.addNull();
                        } else if (whole) {
                            values.add(Math.round(v));
                        } else {
                            values.add(v);
                        }
                    });
                }
            }
            data.put(key, values);
        }
        return data;
    }

    /** One stream in Strava's shape: {@code {data, series_type, original_size, resolution}} (plus {@code type} in lists). */
    ObjectNode stream(String type, ArrayNode data, boolean withType) {
        ObjectNode stream = SandboxJson.object();
        if (withType) {
            stream.put("type", type);
        }
        stream.set("data", data);
        stream.put("series_type", distance != null ? "distance" : "time");
        stream.put("original_size", time.size());
        stream.put("resolution", "high");
        return stream;
    }

    @Override
    public String toString() {
        return "StravaStreams[" + time.size() + " points, types " + Arrays.toString(TYPES.stream()
                .filter(t -> !data(List.of(t)).isEmpty()).toArray()) + "]";
    }
}
