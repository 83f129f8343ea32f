package providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import model.Json;

/** Values as providers send them: numbers as strings or not, absent values, and garbage named without its value. */
class WireValuesTest {

    private static final WireValues WIRE = new WireValues("fitbit");

    @Test
    void numbersComeAsNumbersOrAsPlainDecimalStrings() throws Exception {
        JsonNode answer = json("{\"steps\":\"8421\",\"bpm\":61,\"kg\":\"72.45\",\"int64\":\"9007199254740993\"}");
        assertThat(WIRE.integer(answer.get("steps"), "steps value")).isEqualTo(8421);
        assertThat(WIRE.integer(answer.get("bpm"), "heart rate")).isEqualTo(61);
        assertThat(WIRE.integer(answer.get("int64"), "count")).as("int64 beyond a double's precision").isEqualTo(9007199254740993L);
        assertThat(WIRE.number(answer.get("kg"), "weight")).isEqualTo(72.45);
        assertThat(WIRE.positive(answer.get("bpm"), "heart rate")).isEqualTo(61.0);
    }

    @Test
    void absentNullAndEmptyAreUnknownWhereAValueMayBeMissing() throws Exception {
        JsonNode answer = json("{\"a\":null,\"b\":\"\"}");
        assertThat(WIRE.optionalNumber(answer.get("a"), "a")).isNull();
        assertThat(WIRE.optionalNumber(answer.get("b"), "b")).isNull();
        assertThat(WIRE.optionalNumber(answer.get("c"), "c")).isNull();
        assertThat(WIRE.optionalNumber(answer.path("c"), "c")).as("a missing node").isNull();
        assertThatThrownBy(() -> WIRE.number(answer.get("c"), "weight")).hasMessage("fitbit sent a weight that is not a number");
        assertThatThrownBy(() -> WIRE.integer(null, "steps value")).hasMessage("fitbit sent a steps value that is not an integer");
    }

    @Test
    void garbageIsRefusedNamingTheFieldNeverTheValue() throws Exception {
        for (String garbage : new String[] {"\"n/a\"", "\"1e3\"", "\" 52.3\"", "\"52,3\"", "\"NaN\"", "\"Infinity\"", "\"0x1p3\"",
                "\"1d\"", "true", "{}", "[1]", "1e999"}) {
            JsonNode value = json("{\"v\":" + garbage + "}").get("v");
            assertThatThrownBy(() -> WIRE.optionalNumber(value, "distance")).as(garbage)
                    .isInstanceOf(PermanentSyncException.class).hasMessage("fitbit sent a distance that is not a number");
        }
        for (String garbage : new String[] {"\"12.5\"", "12.5", "\"1 000\"", "\"99999999999999999999\"", "99999999999999999999"}) {
            JsonNode value = json("{\"v\":" + garbage + "}").get("v");
            assertThatThrownBy(() -> WIRE.integer(value, "steps value")).as(garbage)
                    .isInstanceOf(PermanentSyncException.class).hasMessage("fitbit sent a steps value that is not an integer");
        }
        assertThatThrownBy(() -> WIRE.positive(json("{\"v\":\"-72.4\"}").get("v"), "weight"))
                .hasMessage("fitbit sent a weight that is not a positive number");
        assertThatThrownBy(() -> WIRE.positive(json("{\"v\":0}").get("v"), "weight"))
                .hasMessage("fitbit sent a weight that is not a positive number");
    }

    @Test
    void textIsAValueNeverAnObjectOrAList() throws Exception {
        JsonNode answer = json("{\"name\":\"Morning Run\",\"id\":134815,\"device\":{\"name\":\"x\"},\"tags\":[],\"none\":null}");
        assertThat(WireValues.text(answer, "name")).isEqualTo("Morning Run");
        assertThat(WireValues.text(answer, "id")).isEqualTo("134815");
        assertThat(WireValues.text(answer, "device")).isNull();
        assertThat(WireValues.text(answer, "tags")).isNull();
        assertThat(WireValues.text(answer, "none")).isNull();
        assertThat(WireValues.text(null, "name")).isNull();
        assertThat(WIRE.requiredText(answer, "name", "activity")).isEqualTo("Morning Run");
        assertThatThrownBy(() -> WIRE.requiredText(answer, "summaryId", "dailies entry"))
                .hasMessage("fitbit sent a dailies entry without summaryId");
    }

    @Test
    void timesAreRfc3339WithTheirOffset() throws Exception {
        assertThat(WIRE.rfc3339(json("\"2024-03-01T08:00:00.500+01:00\""), "start time"))
                .isEqualTo(Instant.parse("2024-03-01T07:00:00.500Z"));
        assertThatThrownBy(() -> WIRE.rfc3339(json("\"2024-03-01T08:00:00\""), "start time"))
                .hasMessage("fitbit sent a start time that is not an RFC 3339 time");
        assertThatThrownBy(() -> WIRE.rfc3339(null, "start time")).hasMessage("fitbit sent a data point without its start time");
    }

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }
}
