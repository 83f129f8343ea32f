package processors;

import java.time.Duration;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import failures.ConnectionBusyException;
import failures.PermanentSyncException;
import failures.RateLimitedException;
import failures.ReauthRequiredException;
import failures.TransientSyncException;
import support.SharedSyncWell;

import static org.assertj.core.api.Assertions.assertThat;
import static processors.ProcessorFixtures.exchange;

/**
 * {@link FailureReason}: which failure an exchange carries (the one the error policy caught, else the exchange's own),
 * and how job records and dead letters show it — our own failures by their reason, anything else by its kind only
 * (its message may hold data that must not be archived), never longer than 500 characters.
 */
@ExtendWith(SharedSyncWell.class)
class FailureReasonTest {

    @Test
    void theFailureTheErrorPolicyCaughtComesFirst() {
        Exchange exchange = exchange();
        PermanentSyncException caught = new PermanentSyncException("googlefit answered 400 to PATCH");
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, caught);
        exchange.setException(new IllegalStateException("a later one"));

        assertThat(FailureReason.of(exchange)).isSameAs(caught);
    }

    @Test
    void withoutACaughtFailureTheExchangesOwnCounts() {
        Exchange exchange = exchange();
        TransientSyncException own = new TransientSyncException("fitbit answered 503");
        exchange.setException(own);

        assertThat(FailureReason.of(exchange)).isSameAs(own);
    }

    @Test
    void anExchangeThatDidNotFailHasNoFailure() {
        assertThat(FailureReason.of(exchange())).isNull();
        assertThat(FailureReason.describe(null)).isEqualTo("unknown failure");
    }

    @Test
    void ourOwnFailuresShowTheirReason() {
        assertThat(FailureReason.describe(new PermanentSyncException("googlefit answered 400 to PATCH")))
                .isEqualTo("googlefit answered 400 to PATCH");
        assertThat(FailureReason.describe(new TransientSyncException("fitbit timed out", new java.io.IOException("reset"))))
                .isEqualTo("fitbit timed out");
        assertThat(FailureReason.describe(new RateLimitedException("strava answered 429", Duration.ofMinutes(15))))
                .isEqualTo("strava answered 429");
        assertThat(FailureReason.describe(new ReauthRequiredException("fitbit must be linked again")))
                .isEqualTo("fitbit must be linked again");
        assertThat(FailureReason.describe(new ConnectionBusyException("waits for another job", false)))
                .isEqualTo("waits for another job");
    }

    @Test
    void anyOtherErrorShowsOnlyItsKind() {
        String described = FailureReason.describe(new IllegalArgumentException("access_token=not-a-real-token, steps 1234"));

        assertThat(described).isEqualTo("unexpected IllegalArgumentException (see the worker log)");
        assertThat(described).doesNotContain("not-a-real-token").doesNotContain("1234");
        assertThat(FailureReason.describe(new NullPointerException())).isEqualTo("unexpected NullPointerException (see the worker log)");
    }

    @Test
    void aReasonLongerThanFiveHundredCharactersIsCut() {
        String exactly = "r".repeat(500);
        String longer = "r".repeat(501);

        assertThat(FailureReason.describe(new PermanentSyncException(exactly))).isEqualTo(exactly);
        assertThat(FailureReason.describe(new PermanentSyncException(longer))).isEqualTo(exactly + "...");
    }
}
