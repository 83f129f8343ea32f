package providers.http;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a provider's JSON answer as it arrives, from the answer's first token, keeping only what the caller needs: the
 * whole of a small answer as a tree ({@link #TREE}), or the elements of a large array one by one, mapped as they come
 * ({@link JsonStreams}). A reader throws {@link IOException} for a body that is not the JSON it expects.
 */
@FunctionalInterface
public interface AnswerReader<T> {

    /** The whole answer as a tree: for answers whose size the API bounds (a page, one object). */
    AnswerReader<JsonNode> TREE = JsonStreams::tree;

    /** Reads the value whose first token is the parser's current one. */
    T read(JsonParser answer) throws IOException;
}
