package state;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import static state.AttributeValues.s;

/** Pending OAuth authorizations; consuming one deletes it, so a state works once. */
public class OAuthStateStore {

    private final DynamoDbClient dynamo;
    private final String table;

    public OAuthStateStore(DynamoDbClient dynamo, Tables tables) {
        this.dynamo = dynamo;
        this.table = tables.oauthStates();
    }

    public void save(OAuthState state) {
        dynamo.putItem(b -> b.tableName(table).item(AttributeValues.item(state)));
    }

    /** Removes and returns the state if it existed and has not expired. */
    public Optional<OAuthState> consume(String state) {
        var old = dynamo.deleteItem(b -> b.tableName(table).key(Map.of("state", s(state))).returnValues(ReturnValue.ALL_OLD))
                .attributes();
        if (old == null || old.isEmpty()) {
            return Optional.empty();
        }
        OAuthState pending = AttributeValues.fromItem(old, OAuthState.class);
        return pending.expiresAt().isAfter(Instant.now()) ? Optional.of(pending) : Optional.empty();
    }
}
