package support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JVM's unified GC log ({@code -Xlog:gc:file=…}) says of its heap: each collection's line ends with the heap in
 * use before and after it and the heap's size, e.g. {@code Pause Young (Normal) (G1 Evacuation Pause) 312M->180M(768M)}.
 */
public final class GcLog {

    private static final Pattern COLLECTION = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    /**
     * The most heap in use before a collection (garbage included: what the heap had to hold), the most still live after
     * one, and the number of collections.
     */
    public record Peaks(long beforeCollectionMiB, long afterCollectionMiB, int collections) {
    }

    private GcLog() {
    }

    public static Peaks peaks(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        long before = 0;
        long after = 0;
        int collections = 0;
        for (String line : lines) {
            Matcher collection = COLLECTION.matcher(line);
            if (collection.find()) {
                before = Math.max(before, mebibytes(collection.group(1), collection.group(2)));
                after = Math.max(after, mebibytes(collection.group(3), collection.group(4)));
                collections++;
            }
        }
        return new Peaks(before, after, collections);
    }

    private static long mebibytes(String amount, String unit) {
        long value = Long.parseLong(amount);
        return switch (unit) {
            case "K" -> value / 1024;
            case "G" -> value * 1024;
            default -> value;
        };
    }
}
