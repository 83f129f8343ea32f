package providers.strava;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import failures.PermanentSyncException;
import model.ActivitySample;
import providers.http.AnswerReader;
import providers.http.JsonStreams;

/**
 * The streams of a Strava activity — a {@code key_by_type=true} answer, {@code {"time":{"data":[0,1,…]},"heartrate":
 * {"data":[…]},…}} — read as they arrive into arrays of numbers: a day-long recording's hundred thousand points per
 * stream take eight bytes each, not a tree node each. {@code time} holds seconds since the activity's start, every other
 * stream one value per time; an absent value (null, "") is NaN until it becomes a sample.
 */
final class StravaStreams {

    /** No streams: a manual activity, or an answer of none ({@code null}, {@code {}}, {@code []}). */
    static final StravaStreams NONE = new StravaStreams(Map.of(), null, null);

    static final AnswerReader<StravaStreams> READER = StravaStreams::read;

    private static final Set<String> KEYS = Set.of(StravaMapper.STREAM_KEYS.split(","));
    private static final String LATLNG = "latlng";

    private final Map<String, double[]> numbers;
    private final double[] latitudes;
    private final double[] longitudes;

    private StravaStreams(Map<String, double[]> numbers, double[] latitudes, double[] longitudes) {
        this.numbers = numbers;
        this.latitudes = latitudes;
        this.longitudes = longitudes;
    }

    private static StravaStreams read(JsonParser answer) throws IOException {
        JsonToken first = answer.currentToken();
        if (first == JsonToken.VALUE_NULL || (first == JsonToken.START_ARRAY && answer.nextToken() == JsonToken.END_ARRAY)) {
            return NONE;
        }
        if (first != JsonToken.START_OBJECT) {
            throw new PermanentSyncException("strava answered the streams with something that is not keyed by type");
        }
        Map<String, double[]> numbers = new HashMap<>();
        Numbers latitudes = new Numbers();
        Numbers longitudes = new Numbers();
        boolean[] positions = {false};
        JsonStreams.forEachMember(answer, (key, stream) -> {
            if (!KEYS.contains(key) || stream.currentToken() == JsonToken.VALUE_NULL) {
                return false;
            }
            boolean[] hasData = {false};
            boolean object = JsonStreams.forEachMember(stream, (member, data) -> {
                if (!member.equals("data") || data.currentToken() != JsonToken.START_ARRAY) {
                    return false;
                }
                hasData[0] = true;
                if (key.equals(LATLNG)) {
                    positions[0] = true;
                    JsonStreams.forEachElement(data, point -> readPoint(point, latitudes, longitudes));
                } else {
                    Numbers values = new Numbers();
                    JsonStreams.forEachElement(data, value -> values.add(number(value, key)));
                    numbers.put(key, values.toArray());
                }
                return true;
            });
            if (!object || !hasData[0]) {
                throw new PermanentSyncException("strava sent a " + key + " stream without a data array");
            }
            return true;
        });
        return positions[0] ? new StravaStreams(numbers, latitudes.toArray(), longitudes.toArray())
                : new StravaStreams(numbers, null, null);
    }

    /** A number, a numeric string, or NaN for nothing (null, an empty string); anything else is malformed. */
    private static double number(JsonParser value, String what) throws IOException {
        if (value.currentToken().isNumeric()) {
            return value.getDoubleValue();
        }
        Double number = StravaMapper.WIRE.optionalNumber(JsonStreams.tree(value), what);
        return number == null ? Double.NaN : number;
    }

    /** A {@code [lat, lng]} pair, or null (no fix at that time). */
    private static void readPoint(JsonParser point, Numbers latitudes, Numbers longitudes) throws IOException {
        if (point.currentToken() == JsonToken.VALUE_NULL) {
            latitudes.add(Double.NaN);
            longitudes.add(Double.NaN);
            return;
        }
        Numbers pair = new Numbers();
        if (!JsonStreams.forEachElement(point, coordinate -> pair.add(number(coordinate, LATLNG))) || pair.size() != 2) {
            throw new PermanentSyncException("strava sent a latlng point that is not [lat, lng]");
        }
        double lat = pair.get(0);
        double lng = pair.get(1);
        if (Math.abs(lat) > 90 || Math.abs(lng) > 180) {
            throw new PermanentSyncException("strava sent a latlng point outside the globe");
        }
        latitudes.add(lat);
        longitudes.add(lng);
    }

    /**
     * The samples, one per time. No {@code time} stream gives none, unless another stream has data (malformed); a stream
     * whose length differs from {@code time}'s is malformed.
     */
    List<ActivitySample> samples(Instant start) {
        double[] time = numbers.get("time");
        if (time == null) {
            if (numbers.values().stream().anyMatch(values -> values.length > 0) || (latitudes != null && latitudes.length > 0)) {
                throw new PermanentSyncException("strava sent streams without a time stream");
            }
            return List.of();
        }
        int n = time.length;
        numbers.forEach((key, values) -> sameLength(key, values, n));
        sameLength(LATLNG, latitudes, n);
        double[] distance = numbers.get("distance");
        double[] altitude = numbers.get("altitude");
        double[] heartrate = numbers.get("heartrate");
        double[] cadence = numbers.get("cadence");
        double[] watts = numbers.get("watts");
        List<ActivitySample> samples = new ArrayList<>(n);
        double previous = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double offset = time[i];
            if (Double.isNaN(offset) || offset < 0 || offset < previous) {
                throw new PermanentSyncException("strava sent a time stream that is not ascending seconds from the start");
            }
            previous = offset;
            samples.add(new ActivitySample(start.plusMillis(Math.round(offset * 1000)), value(latitudes, i), value(longitudes, i),
                    value(altitude, i), value(heartrate, i), value(distance, i), value(cadence, i), value(watts, i)));
        }
        return samples;
    }

    private static void sameLength(String key, double[] values, int size) {
        if (values != null && values.length != size) {
            throw new PermanentSyncException("strava sent a " + key + " stream whose length differs from the time stream's");
        }
    }

    private static Double value(double[] values, int index) {
        return values == null || Double.isNaN(values[index]) ? null : values[index];
    }

    /** A growing array of doubles, without a box per value. */
    private static final class Numbers {
        private double[] values = new double[64];
        private int size;

        void add(double value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        double get(int index) {
            return values[index];
        }

        int size() {
            return size;
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
