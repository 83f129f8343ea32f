package sandbox.fitbit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;
import java.util.regex.Pattern;
import sandbox.common.ApiAnswer;
import sandbox.common.ApiProblem;
import sandbox.common.ProviderState;
import sandbox.common.SandboxJson;

/**
 * Fitbit's subscription API (docs/providers/fitbit.md §6): {@code POST|DELETE /1/user/-/[collection/]apiSubscriptions/{id}.json}
 * and the list {@code GET /1/user/-/[collection/]apiSubscriptions.json}. Without a collection a subscription covers all
 * of the user's collections (listed as collectionType "user"). The id is the client's and unique among its subscriptions:
 * the same id for the same user and collection answers 200, for anything else 409.
 */
final class FitbitSubscriptionEndpoints {

    /** Fitbit's subscriber id of our (only) subscriber endpoint. */
    static final String SUBSCRIBER_ID = "1";
    private static final Pattern SUBSCRIPTION_ID = Pattern.compile("[A-Za-z0-9_-]{1,50}");

    private final ProviderState<FitbitUser> state;

    FitbitSubscriptionEndpoints(ProviderState<FitbitUser> state) {
        this.state = state;
    }

    ApiAnswer create(RoutingContext ctx, FitbitUser user) {
        String id = subscriptionId(ctx);
        String collection = collection(ctx);
        Optional<String> mine = user.subscription(id);
        if (mine.isPresent()) {
            if (mine.get().equals(collection)) {
                return ApiAnswer.ok(json(user, id, collection));
            }
            throw new ApiProblem(409, "subscriptionId", "Subscription " + id + " exists for another collection");
        }
        boolean takenElsewhere = state.users().ids().stream()
                .filter(other -> !other.equals(user.id()))
                .map(other -> state.users().find(other))
                .anyMatch(other -> other.isPresent() && other.get().subscription(id).isPresent());
        if (takenElsewhere) {
            throw new ApiProblem(409, "subscriptionId", "Subscription " + id + " is in use");
        }
        user.subscribe(id, collection);
        return ApiAnswer.json(201, json(user, id, collection));
    }

    ApiAnswer list(RoutingContext ctx, FitbitUser user) {
        String collection = collection(ctx);
        ObjectNode body = SandboxJson.object();
        ArrayNode list = body.putArray("apiSubscriptions");
        user.subscriptions().forEach((id, subscribed) -> {
            if (FitbitUser.ALL_COLLECTIONS.equals(collection) || subscribed.equals(collection)) {
                list.add(json(user, id, subscribed));
            }
        });
        return ApiAnswer.ok(body);
    }

    ApiAnswer delete(RoutingContext ctx, FitbitUser user) {
        String id = subscriptionId(ctx);
        if (!user.unsubscribe(id)) {
            throw ApiProblem.notFound("Subscription " + id + " not found");
        }
        return ApiAnswer.noContent();
    }

    static ObjectNode json(FitbitUser user, String id, String collection) {
        return SandboxJson.object().put("collectionType", collection).put("ownerId", user.id()).put("ownerType", "user")
                .put("subscriberId", SUBSCRIBER_ID).put("subscriptionId", id);
    }

    private static String subscriptionId(RoutingContext ctx) {
        String id = ctx.pathParam("subscriptionId");
        if (id == null || !SUBSCRIPTION_ID.matcher(id).matches()) {
            throw ApiProblem.invalid("subscriptionId", "Invalid subscription id");
        }
        return id;
    }

    private static String collection(RoutingContext ctx) {
        String collection = ctx.pathParam("collection");
        return collection == null || collection.isEmpty() ? FitbitUser.ALL_COLLECTIONS : collection;
    }
}
