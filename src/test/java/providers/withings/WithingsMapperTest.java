package providers.withings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import failures.PermanentSyncException;
import model.HealthRecord;
import model.Json;
import model.Provenance;
import model.WeightRecord;
import providers.declared.CanonicalRecords;
import providers.declared.JsonataLanguage;
import providers.declared.ProviderDescription;
import providers.http.ResponseEnvelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Withings {@code getmeas} answers shaped as docs/providers/withings.md §2 shows them: an envelope over HTTP 200, unix
 * seconds with the user's zone name, integer measures scaled by {@code 10^unit}, goals beside real measurements —
 * through the declared provider's own files: the envelope of {@code camel/providers/withings/v2/provider.yaml} and the
 * mapping {@code getmeas.jsonata} (both versions'), into the canonical records its routes hand the worker.
 */
class WithingsMapperTest {

    private static final String FOLDER = "camel/providers/withings/";
    private static final ResponseEnvelope ENVELOPE = description().responseEnvelope();
    private static final JsonataLanguage.Mapping GETMEAS = JsonataLanguage.compile(resource("getmeas.jsonata"));

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    /** A page of getmeas as the route maps it: the envelope's payload, as plain values, through the mapping. */
    private static CanonicalRecords.Page page(String answer) throws Exception {
        Object payload = Json.MAPPER.convertValue(ENVELOPE.payload(json(answer)), Object.class);
        return new CanonicalRecords("withings").page(GETMEAS.map(payload));
    }

    private static List<HealthRecord> weights(String answer) throws Exception {
        return page(answer).records();
    }

    private static ProviderDescription description() {
        try (InputStream yaml = WithingsMapperTest.class.getClassLoader().getResourceAsStream(FOLDER + "v2/provider.yaml")) {
            return ProviderDescription.read(yaml, FOLDER + "v2/provider.yaml");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream text = WithingsMapperTest.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
            return new String(text.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aWeightIsTheScaledMeasureAtItsUnixTimeWithTheZonesOffset() throws Exception {
        List<HealthRecord> weights = weights("""
                {"status":0,"body":{"updatetime":1709290000,"timezone":"Europe/Paris","more":0,"offset":0,
                 "measuregrps":[{"grpid":5123456789,"attrib":0,"date":1709276700,"created":1709276760,"modified":1709276760,
                   "category":1,"deviceid":"a1b2c3","measures":[{"value":72450,"type":1,"unit":-3},{"value":1980,"type":6,"unit":-2}]}]}}""");
        assertThat(weights).containsExactly(new WeightRecord(Instant.ofEpochSecond(1709276700), 72.45, ZoneOffset.ofHours(1),
                new Provenance("withings", "5123456789", "a1b2c3")));
    }

    @Test
    void unitsScaleExactlyAndGoalsAreNotMeasurements() throws Exception {
        List<HealthRecord> weights = weights("""
                {"status":0,"body":{"timezone":"America/New_York","more":0,"offset":0,"measuregrps":[
                  {"grpid":2,"date":1720000000,"category":1,"measures":[{"value":8105,"type":1,"unit":-2}]},
                  {"grpid":3,"date":1720000100,"category":2,"measures":[{"value":75,"type":1,"unit":0}]},
                  {"grpid":1,"date":1710000000,"category":1,"measures":[{"value":7,"type":1,"unit":1}]}]}}""");
        assertThat(weights).extracting(r -> ((WeightRecord) r).kilograms()).containsExactly(70.0, 81.05);
        // the zone name gives the offset of each instant: EST in March before the change, EDT in July
        assertThat(weights).extracting(HealthRecord::zoneOffset).containsExactly(ZoneOffset.ofHours(-5), ZoneOffset.ofHours(-4));
        assertThat(weights.get(0).provenance().device()).isNull();
    }

    @Test
    void aGroupWithoutACategoryIsAMeasurementAndItsIdIsKeptAsText() throws Exception {
        List<HealthRecord> weights = weights("""
                {"status":0,"body":{"timezone":"UTC","measuregrps":[
                  {"grpid":"77","date":1720000000,"measures":[{"value":8105,"type":1,"unit":-2}]},
                  {"grpid":5123456789012,"date":1720000100,"category":1,"measures":[{"value":8110,"type":1,"unit":-2}]}]}}""");
        assertThat(weights).extracting(r -> r.provenance().externalId()).containsExactly("77", "5123456789012");
    }

    @Test
    void anEmptyListAndAMissingOrUnknownZoneAreFine() throws Exception {
        assertThat(weights("{\"status\":0,\"body\":{\"more\":0,\"offset\":0,\"measuregrps\":[]}}")).isEmpty();
        List<HealthRecord> utc = weights("""
                {"status":0,"body":{"timezone":"Mars/Olympus","measuregrps":[{"grpid":9,"date":1709276700,"category":1,
                  "measures":[{"value":723,"type":1,"unit":-1}]}]}}""");
        assertThat(utc).extracting(HealthRecord::zoneOffset).containsExactly(ZoneOffset.UTC);
    }

    @Test
    void anAnswerThatIsNotAMeasureListIsRefusedWithItsReason() {
        assertThatThrownBy(() -> weights("{\"status\":0,\"body\":{}}"))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("measuregrps");
        assertThatThrownBy(() -> weights("""
                {"status":0,"body":{"measuregrps":[{"grpid":9,"date":"yesterday","category":1,"measures":[]}]}}"""))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("'date'");
        assertThatThrownBy(() -> weights("""
                {"status":0,"body":{"measuregrps":[{"grpid":9,"date":1709276700,"category":1,
                  "measures":[{"value":72.4,"type":1,"unit":0}]}]}}"""))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("'value'")
                .hasMessageNotContaining("72.4");
    }

    @Test
    void envelopeStatusesStandForHttpOnes() throws Exception {
        int ok = 200;
        assertThat(ENVELOPE.effectiveStatus(ok, json("{\"status\":0,\"body\":{}}"))).isEqualTo(200);
        assertThat(ENVELOPE.effectiveStatus(ok, json("""
                {"status":401,"body":{},"error":"XRequestID: Not provided invalid_token: The access token provided is invalid"}""")))
                .isEqualTo(401);
        assertThat(ENVELOPE.effectiveStatus(ok, json("{\"status\":601,\"body\":{},\"error\":\"Too many request\"}")))
                .isEqualTo(429);
        assertThat(ENVELOPE.effectiveStatus(ok, json("{\"status\":503,\"body\":{}}"))).isEqualTo(500);
        assertThat(ENVELOPE.effectiveStatus(ok, json("{\"status\":213,\"body\":{}}"))).isEqualTo(400);
        assertThat(ENVELOPE.effectiveStatus(ok, json("{\"status\":522,\"body\":{}}"))).isEqualTo(503);
        assertThat(ENVELOPE.effectiveStatus(ok, json("{\"status\":2554,\"body\":{}}"))).isEqualTo(404);
        assertThat(ENVELOPE.effectiveStatus(ok, json("[1,2]"))).as("no envelope").isEqualTo(200);
    }

    @Test
    void pagingFollowsMoreAndOffset() throws Exception {
        assertThat(page("{\"status\":0,\"body\":{\"more\":1,\"offset\":50,\"measuregrps\":[]}}").next()).isInstanceOf(Number.class)
                .extracting(next -> ((Number) next).longValue()).isEqualTo(50L);
        assertThat(page("{\"status\":0,\"body\":{\"more\":true,\"offset\":100,\"measuregrps\":[]}}").next())
                .extracting(next -> ((Number) next).longValue()).isEqualTo(100L);
        assertThat(page("{\"status\":0,\"body\":{\"more\":0,\"offset\":0,\"measuregrps\":[]}}").next()).isNull();
        assertThat(page("{\"status\":0,\"body\":{\"measuregrps\":[]}}").next()).isNull();
        assertThatThrownBy(() -> page("{\"status\":0,\"body\":{\"more\":1,\"measuregrps\":[]}}"))
                .isInstanceOf(PermanentSyncException.class).hasMessageContaining("offset");
    }
}
