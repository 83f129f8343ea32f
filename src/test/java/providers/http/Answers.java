package providers.http;

import com.fasterxml.jackson.core.JsonParser;

/** Provider answers handed to a reader the way the HTTP layer hands them: a parser on the answer's first token. */
public final class Answers {

    private Answers() {
    }

    public static <T> T read(AnswerReader<T> reader, String answer) throws java.io.IOException {
        try (JsonParser parser = JsonStreams.MAPPER.createParser(answer)) {
            parser.nextToken();
            return reader.read(parser);
        }
    }
}
