package it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import support.SharedSyncWell;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs last: no access or refresh token the sandbox ever issued appears in the log of this test run. */
@Order(Integer.MAX_VALUE)
@ExtendWith(SharedSyncWell.class)
class TokenLeakTest {

    @Test
    void noProviderTokenAppearsInTheLogs() throws IOException {
        JsonNode issued = SharedSyncWell.instance().sandbox().tokens();
        List<String> tokens = new ArrayList<>();
        issued.get("accessTokens").forEach(t -> tokens.add(t.asText()));
        issued.get("refreshTokens").forEach(t -> tokens.add(t.asText()));
        assertThat(tokens).as("the suite linked accounts, so tokens were issued").isNotEmpty();

        Path log = Path.of(System.getProperty("syncwell.test.dir", "target/it"), "test-run.log");
        String text = Files.readString(log);
        assertThat(text).as("the log of the run").contains("SyncWell");
        for (String token : tokens) {
            assertThat(text.contains(token)).as("a provider token appears in %s", log).isFalse();
        }
    }
}
