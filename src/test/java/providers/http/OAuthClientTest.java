package providers.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import model.Json;

/** What the shared OAuth client reads from token answers of each provider's kind. */
class OAuthClientTest {

    @Test
    void theUserIsNamedByStravasAthleteOrTheCommonUserId() throws Exception {
        assertThat(OAuthClient.externalUserId(Json.MAPPER.readTree("""
                {"token_type":"Bearer","expires_at":1709300000,"expires_in":21600,"refresh_token":"r","access_token":"a",
                 "athlete":{"id":134815,"resource_state":2}}"""))).isEqualTo("134815");
        assertThat(OAuthClient.externalUserId(Json.MAPPER.readTree("{\"access_token\":\"a\",\"user_id\":\"ABC123\"}"))).isEqualTo("ABC123");
        assertThat(OAuthClient.externalUserId(Json.MAPPER.readTree("{\"access_token\":\"a\"}"))).isNull();
    }
}
