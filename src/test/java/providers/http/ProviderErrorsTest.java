package providers.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Error answers read into reasons: only their machine-readable parts, as job records and dead letters keep them. */
class ProviderErrorsTest {

    @Test
    void stravasFaultEnvelopeIsDescribedByItsMachineReadableParts() {
        assertThat(ProviderErrors.describe("""
                {"message":"Authorization Error","errors":[{"resource":"Athlete","field":"access_token","code":"invalid"}]}"""))
                .isEqualTo("resource=Athlete, field=access_token, code=invalid");
    }
}
