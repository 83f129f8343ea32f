package sandbox.common;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What every simulated API call passes before its endpoint runs, in the order a real provider
 * applies it: bearer token, quota (per user or per application), then any fault the test API armed for the user.
 */
public final class ProviderApiGate<U extends SandboxUser> {

    /** A simulated endpoint: sees the request and the caller's account, answers or throws {@link ApiProblem}. */
    @FunctionalInterface
    public interface Endpoint<U> {
        ApiAnswer answer(RoutingContext ctx, U user);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ProviderApiGate.class);

    private final ProviderState<U> state;
    private final SandboxTokens tokens;
    private final Vertx vertx;
    private final Clock clock;

    public ProviderApiGate(ProviderState<U> state, SandboxTokens tokens, Vertx vertx, Clock clock) {
        this.state = state;
        this.tokens = tokens;
        this.vertx = vertx;
        this.clock = clock;
    }

    public Handler<RoutingContext> guard(Endpoint<U> endpoint) {
        return ctx -> handle(ctx, endpoint);
    }

    private void handle(RoutingContext ctx, Endpoint<U> endpoint) {
        ProviderDialect dialect = state.dialect();
        Instant now = clock.instant();
        Optional<SandboxTokens.AccessGrant> grant = tokens.accessGrant(state.provider(), bearerToken(ctx));
        Optional<U> caller = grant.flatMap(g -> state.users().find(g.userId()));
        if (caller.isEmpty() || grant.get().expiredAt(now)) {
            finish(ctx, caller.orElse(null), dialect.unauthenticated(caller.isPresent()), 0);
            return;
        }
        U user = caller.get();
        SandboxRateLimit.Usage usage = state.rateLimit().count(user.id(), ctx.request().method().name(), ctx.request().path(), now);
        Optional<SandboxFaults.Fault> fault = usage.allowed()
                ? state.faults().take(user.id(), ctx.request().method().name(), ctx.request().path())
                : Optional.empty();
        ApiAnswer answer = usage.allowed() ? answer(ctx, endpoint, user, fault) : dialect.rateLimited();
        if (answer.status() == 429) {
            // a real 429 only ever comes with an exhausted counter, injected or not
            usage = usage.exhausted();
        }
        ApiAnswer limited = answer.withHeaders(dialect.rateLimitHeaders(usage));
        if (fault.isPresent() && fault.get().dropped()) {
            LOG.info("Sandbox {} drops the connection halfway through its answer to {} {} of user {}", state.provider().id(),
                    ctx.request().method(), ctx.request().path(), user.id());
            limited.sendCutOff(ctx.response());
            return;
        }
        long delayMillis = fault.map(SandboxFaults.Fault::delayMillis).orElse(0L);
        if (fault.isPresent() && fault.get().inflateTo() > 0 && limited.status() / 100 == 2) {
            long bytes = fault.get().inflateTo();
            LOG.info("Sandbox {} inflates the answer to {} {} of user {} to {} bytes", state.provider().id(),
                    ctx.request().method(), ctx.request().path(), user.id(), bytes);
            later(delayMillis, () -> limited.sendInflated(ctx.response(), bytes));
            return;
        }
        finish(ctx, user, limited, delayMillis);
    }

    private ApiAnswer answer(RoutingContext ctx, Endpoint<U> endpoint, U user, Optional<SandboxFaults.Fault> fault) {
        if (fault.isPresent() && fault.get().status() >= 400) {
            LOG.info("Sandbox {} injects {} into {} {} of user {}", state.provider().id(), fault.get().status(),
                    ctx.request().method(), ctx.request().path(), user.id());
            return injected(fault.get().status());
        }
        ApiAnswer answer = run(endpoint, ctx, user);
        if (fault.isPresent() && fault.get().malformed()) {
            LOG.info("Sandbox {} truncates the answer to {} {} of user {}", state.provider().id(),
                    ctx.request().method(), ctx.request().path(), user.id());
            return answer.truncated();
        }
        return answer;
    }

    private ApiAnswer run(Endpoint<U> endpoint, RoutingContext ctx, U user) {
        try {
            return endpoint.answer(ctx, user);
        } catch (ApiProblem problem) {
            return state.dialect().apiError(problem.status(), problem.field(), problem.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Sandbox {} failed on {} {}", state.provider().id(), ctx.request().method(), ctx.request().path(), e);
            return state.dialect().apiError(500, null, null);
        }
    }

    private ApiAnswer injected(int status) {
        ProviderDialect dialect = state.dialect();
        return switch (status) {
            case 401 -> dialect.unauthenticated(true);
            case 429 -> dialect.rateLimited();
            default -> dialect.apiError(status, null, null);
        };
    }

    private void finish(RoutingContext ctx, U user, ApiAnswer answer, long delayMillis) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("Sandbox {} {} {} user={} -> {}", state.provider().id(), ctx.request().method(),
                    ctx.request().path(), user == null ? "-" : user.id(), answer.status());
        }
        later(delayMillis, () -> answer.send(ctx.response()));
    }

    private void later(long delayMillis, Runnable send) {
        if (delayMillis > 0) {
            vertx.setTimer(delayMillis, timer -> send.run());
        } else {
            send.run();
        }
    }

    private static String bearerToken(RoutingContext ctx) {
        String authorization = ctx.request().getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }
}
