package providers.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import failures.PermanentSyncException;
import model.Json;

/**
 * Reading a provider's answer as it arrives ({@link AnswerReader}): an object member by member, an array element by
 * element, each element mapped and let go before the next is read. What is not read is skipped token by token, never
 * built. Provider answers are parsed within tighter bounds than Jackson's defaults: no text value of a provider API
 * comes near a million characters (the longest, a route's polyline, is a few hundred thousand), and one of 20 million
 * would take 60 MB to read.
 */
public final class JsonStreams {

    /** How provider answers are parsed. */
    public static final ObjectMapper MAPPER = boundedCopyOf(Json.MAPPER);

    /** Reads the value of one member; false leaves it unread (it is skipped). */
    @FunctionalInterface
    public interface MemberReader {
        boolean read(String name, JsonParser value) throws IOException;
    }

    /** Reads one element, all of it: the parser is left on its last token. */
    @FunctionalInterface
    public interface ElementReader {
        void read(JsonParser element) throws IOException;
    }

    /** What an element becomes; null leaves it out. */
    @FunctionalInterface
    public interface ElementMapper<T> {
        T map(JsonNode element);
    }

    /**
     * A page of a list answer: its items, mapped one by one as they arrived, and the members the caller asked to keep
     * (a next-page token), as a small tree.
     */
    public record Page<T>(List<T> items, ObjectNode kept) {
    }

    private JsonStreams() {
    }

    private static ObjectMapper boundedCopyOf(ObjectMapper mapper) {
        ObjectMapper bounded = mapper.copy();
        bounded.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(1_000_000).maxNestingDepth(200).build());
        return bounded;
    }

    /**
     * Hands each member of the object the parser is on to {@code reader}, skipping those it does not read. False when
     * the value is no object (it is skipped).
     */
    public static boolean forEachMember(JsonParser object, MemberReader reader) throws IOException {
        if (object.currentToken() != JsonToken.START_OBJECT) {
            object.skipChildren();
            return false;
        }
        for (String name = object.nextFieldName(); name != null; name = object.nextFieldName()) {
            object.nextToken();
            if (!reader.read(name, object)) {
                object.skipChildren();
            }
        }
        return true;
    }

    /** Hands each element of the array the parser is on to {@code reader}. False when the value is no array (it is skipped). */
    public static boolean forEachElement(JsonParser array, ElementReader reader) throws IOException {
        if (array.currentToken() != JsonToken.START_ARRAY) {
            array.skipChildren();
            return false;
        }
        while (array.nextToken() != JsonToken.END_ARRAY) {
            if (array.currentToken() == null) {
                throw new com.fasterxml.jackson.core.JsonParseException(array, "the answer ends inside an array");
            }
            reader.read(array);
        }
        return true;
    }

    /** The element the parser is on, as a tree: for elements that are small, one at a time. */
    public static JsonNode tree(JsonParser element) throws IOException {
        return MAPPER.readTree(element);
    }

    /**
     * Reads a list answer — {@code {"<listField>": [...], "nextPageToken": "..."}} — element by element: each mapped as it
     * arrives, at most {@code maxItems} of them (what the call asked the page to hold: a provider sending more is broken,
     * and its page is refused rather than held). Of the other members only {@code kept} are kept; a missing or null
     * list is an empty page.
     */
    public static <T> AnswerReader<Page<T>> page(String provider, String listField, int maxItems, ElementMapper<T> mapper,
                                          String... kept) {
        Set<String> keep = Set.of(kept);
        return answer -> {
            List<T> items = new ArrayList<>();
            ObjectNode keptMembers = MAPPER.createObjectNode();
            int[] seen = {0};
            boolean object = forEachMember(answer, (name, value) -> {
                if (name.equals(listField)) {
                    if (value.currentToken() != JsonToken.VALUE_NULL && !forEachElement(value, element -> {
                        if (++seen[0] > maxItems) {
                            throw new PermanentSyncException(provider + " answered a page of more than " + maxItems + " "
                                    + listField + " elements, the most it was asked for");
                        }
                        T item = mapper.map(tree(element));
                        if (item != null) {
                            items.add(item);
                        }
                    })) {
                        throw new PermanentSyncException(provider + " list answer has a malformed " + listField + " list");
                    }
                    return true;
                }
                if (keep.contains(name)) {
                    keptMembers.set(name, tree(value));
                    return true;
                }
                return false;
            });
            if (!object) {
                throw new PermanentSyncException(provider + " answered a list with something that is not an object");
            }
            return new Page<>(items, keptMembers);
        };
    }
}
