package providers.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import failures.RateLimitedException;
import providers.spi.ProviderCall;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import state.QuotaStore;
import state.Tables;
import support.SharedSyncWell;
import support.SyncWellInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The application's quota at a provider, counted in the shared instance's DynamoDB (dynalite) as every replica would
 * count it: hot calls take the whole window, cold ones their share, refusals name the wait until there is room.
 * Each test has a provider name of its own, so its windows are fresh.
 */
@ExtendWith(SharedSyncWell.class)
class AppQuotasTest {

    /** 12:00:00 UTC: the start of a 15-minute, a 10-second and a daily window. */
    private static final Instant NOON = Instant.parse("2026-12-07T12:00:00Z");
    private static final double HALF = 0.5;

    private final String provider = "quota-" + UUID.randomUUID();

    @Test
    void hotCallsUseTheWholeWindowThenWaitForTheNext() {
        AppQuotas quotas = quotas("4/PT10S");
        for (int i = 0; i < 4; i++) {
            quotas.take(hot(), HALF, NOON.plusSeconds(i));
        }
        RateLimitedException refused = catchThrowableOfType(() -> quotas.take(hot(), HALF, NOON.plusSeconds(7)),
                RateLimitedException.class);
        assertThat(refused.retryAfter()).as("until 12:00:10").isEqualTo(Duration.ofSeconds(3));
        assertThat(refused).hasMessageContaining("our application's 4 calls per PT10S are used until 2026-12-07T12:00:10Z");

        quotas.take(hot(), HALF, NOON.plusSeconds(10));
    }

    @Test
    void aCrowdOfRefusedJobsIsSpreadOverTheWindowsAhead() {
        AppQuotas quotas = quotas("2/PT10S");
        quotas.take(hot(), HALF, NOON);
        quotas.take(hot(), HALF, NOON);
        assertThat(waitOf(quotas, hot(), NOON)).as("calls 3 and 4: the next window").isEqualTo(Duration.ofSeconds(10));
        assertThat(waitOf(quotas, hot(), NOON)).isEqualTo(Duration.ofSeconds(10));
        assertThat(waitOf(quotas, hot(), NOON)).as("calls 5 and 6: the one after").isEqualTo(Duration.ofSeconds(20));
        assertThat(waitOf(quotas, hot(), NOON)).isEqualTo(Duration.ofSeconds(20));
        assertThat(waitOf(quotas, hot(), NOON)).as("call 7").isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void coldCallsKeepToTheirShareAndLeaveTheRestToHotOnes() {
        AppQuotas quotas = quotas("4/PT10S");
        quotas.take(cold(), HALF, NOON);
        quotas.take(cold(), HALF, NOON);
        RateLimitedException refused = catchThrowableOfType(() -> quotas.take(cold(), HALF, NOON.plusSeconds(4)),
                RateLimitedException.class);
        assertThat(refused).hasMessageContaining("cold jobs may use 2 of the 4 calls");
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(6));
        // a refused cold call took nothing: both halves' calls are still there for hot ones
        quotas.take(hot(), HALF, NOON.plusSeconds(5));
        quotas.take(hot(), HALF, NOON.plusSeconds(5));
        assertThatThrownBy(() -> quotas.take(hot(), HALF, NOON.plusSeconds(5))).isInstanceOf(RateLimitedException.class);
        assertThatThrownBy(() -> quotas.take(cold(), HALF, NOON.plusSeconds(5))).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void aCallRefusedByTheShortWindowTakesNothingOfTheLongOne() {
        AppQuotas quotas = quotas("3/P1D,1/PT10S");
        quotas.take(hot(), HALF, NOON);
        for (int refused = 0; refused < 5; refused++) {
            assertThat(waitOf(quotas, hot(), NOON.plusSeconds(1))).isPositive();
        }
        quotas.take(hot(), HALF, NOON.plusSeconds(10));
        quotas.take(hot(), HALF, NOON.plusSeconds(20));
        RateLimitedException dayUsed = catchThrowableOfType(() -> quotas.take(hot(), HALF, NOON.plusSeconds(30)),
                RateLimitedException.class);
        assertThat(dayUsed).hasMessageContaining("3 calls per PT24H are used until 2026-12-08T00:00:00Z");
    }

    @Test
    void eachProviderHasItsOwnQuotaAndOneWithoutIsNotCounted() {
        AppQuotas quotas = new AppQuotas(id -> id.equals(provider) ? AppQuota.parse("1/PT10S") : Optional.empty(), store());
        quotas.take(hot(), HALF, NOON);
        assertThatThrownBy(() -> quotas.take(hot(), HALF, NOON)).isInstanceOf(RateLimitedException.class);
        for (int i = 0; i < 10; i++) {
            quotas.take(new ProviderCall("user-1", "no-quota-" + provider), HALF, NOON);
        }
    }

    @Test
    void aQuotaIsWrittenAsCallsPerWindow() {
        assertThat(AppQuota.parse("1000/P1D, 100/PT15M").orElseThrow().limits()).containsExactly(
                new AppQuota.Limit(100, Duration.ofMinutes(15)), new AppQuota.Limit(1000, Duration.ofDays(1)));
        assertThat(AppQuota.parse("")).isEmpty();
        assertThat(AppQuota.parse(" ")).isEmpty();
        for (String wrong : Map.of("100", "no '/'", "100/15m", "100/15m", "x/PT15M", "x/PT15M", "0/PT1M", "at least 1",
                "10/PT0.5S", "whole seconds", "10/P2D", "from PT1S to P1D").entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList()) {
            String setting = wrong.substring(0, wrong.indexOf('='));
            assertThatThrownBy(() -> AppQuota.parse(setting)).as(setting).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("<calls>/<ISO-8601 duration>").hasMessageContaining(wrong.substring(wrong.indexOf('=') + 1));
        }
    }

    private AppQuotas quotas(String setting) {
        return new AppQuotas(id -> AppQuota.parse(setting), store());
    }

    private static QuotaStore store() {
        SyncWellInstance app = SharedSyncWell.instance();
        DynamoDbClient dynamo = app.dynamo();
        return new QuotaStore(dynamo, Tables.withPrefix(app.context().getPropertiesComponent()
                .resolveProperty("syncwell.table-prefix").orElseThrow()));
    }

    private ProviderCall hot() {
        return new ProviderCall("user-1", provider);
    }

    private ProviderCall cold() {
        return new ProviderCall("user-2", provider, true);
    }

    private static Duration waitOf(AppQuotas quotas, ProviderCall call, Instant now) {
        return catchThrowableOfType(() -> quotas.take(call, HALF, now), RateLimitedException.class).retryAfter();
    }
}
