package state;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import static state.AttributeValues.s;

/** Linked provider accounts by user; tokens only ever as ciphertext. */
public class AccountStore {

    private final DynamoDbClient dynamo;
    private final String table;

    public AccountStore(DynamoDbClient dynamo, Tables tables) {
        this.dynamo = dynamo;
        this.table = tables.accounts();
    }

    private static Map<String, AttributeValue> key(String userId, String provider) {
        return Map.of("userId", s(userId), "provider", s(provider));
    }

    public void save(Account account) {
        dynamo.putItem(b -> b.tableName(table).item(AttributeValues.item(account)));
    }

    public Optional<Account> find(String userId, String provider) {
        var item = dynamo.getItem(b -> b.tableName(table).key(key(userId, provider)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(AttributeValues.fromItem(item, Account.class));
    }

    public List<Account> list(String userId) {
        return dynamo.queryPaginator(b -> b.tableName(table).keyConditionExpression("userId = :u")
                        .expressionAttributeValues(Map.of(":u", s(userId))).consistentRead(true))
                .items().stream().map(item -> AttributeValues.fromItem(item, Account.class)).toList();
    }

    /** The accounts linked to the provider's user {@code externalUserId} (one, unless several of ours share it). */
    public List<Account> findByProviderUser(String provider, String externalUserId) {
        return dynamo.queryPaginator(b -> b.tableName(table).indexName(Tables.ACCOUNTS_BY_PROVIDER_USER)
                        .keyConditionExpression("provider = :p AND externalUserId = :e")
                        .expressionAttributeValues(Map.of(":p", s(provider), ":e", s(externalUserId))))
                .items().stream().map(item -> AttributeValues.fromItem(item, Account.class)).toList();
    }

    public boolean delete(String userId, String provider) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(key(userId, provider)).conditionExpression("attribute_exists(provider)"));
            return true;
        } catch (ConditionalCheckFailedException absent) {
            return false;
        }
    }

    /** Where an account's tokens are, and their ciphertext: what a re-wrap under the current key reads. */
    public record StoredTokens(String userId, String provider, String encryptedTokens) {
    }

    /** Every account's stored tokens, one page of the table at a time (an operator's re-wrap, not a hot path). */
    public java.util.stream.Stream<StoredTokens> allTokens() {
        return dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)
                        .projectionExpression("userId, provider, encryptedTokens"))
                .items().stream()
                .filter(item -> item.containsKey("encryptedTokens"))
                .map(item -> new StoredTokens(item.get("userId").s(), item.get("provider").s(), item.get("encryptedTokens").s()));
    }

    /**
     * Replaces an account's ciphertext by the same tokens under another key, only while it holds {@code previousCiphertext}
     * (a refresh meanwhile stored newer tokens, already under the current key). Leaves its status alone.
     */
    public boolean rewrapTokens(String userId, String provider, String previousCiphertext, String newCiphertext) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(userId, provider))
                    .updateExpression("SET encryptedTokens = :new")
                    .conditionExpression("encryptedTokens = :old")
                    .expressionAttributeValues(Map.of(":new", s(newCiphertext), ":old", s(previousCiphertext))));
            return true;
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            return false;
        }
    }

    /**
     * Stores a refreshed token set, but only over the ciphertext it replaces: when two workers refresh at
     * once, the loser learns it and re-reads instead of overwriting a rotated refresh token with a dead one.
     */
    public boolean replaceTokens(String userId, String provider, String previousCiphertext, String newCiphertext) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(userId, provider))
                    .updateExpression("SET encryptedTokens = :new, updatedAt = :now, #status = :linked")
                    .conditionExpression("encryptedTokens = :old")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":new", s(newCiphertext), ":old", s(previousCiphertext),
                            ":now", s(Instant.now().toString()), ":linked", s(Account.LINKED))));
            return true;
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            return false;
        }
    }

    /**
     * Marks the account for linking again only while it still holds {@code seenCiphertext}: a refresh that raced ours
     * and stored rotated tokens meanwhile keeps the account linked. False when the tokens changed (or it is gone).
     */
    public boolean markNeedsReauthIfUnchanged(String userId, String provider, String seenCiphertext, String reason) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(userId, provider))
                    .updateExpression("SET #status = :s, updatedAt = :now, reauthReason = :why")
                    .conditionExpression("encryptedTokens = :seen")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":s", s(Account.NEEDS_REAUTH), ":now", s(Instant.now().toString()),
                            ":seen", s(seenCiphertext), ":why", s(reason))));
            return true;
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            return false;
        }
    }

    /** Marks the account for linking again, saying why (the console shows it beside the account). */
    public void markNeedsReauth(String userId, String provider, String reason) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(userId, provider))
                    .updateExpression("SET #status = :s, updatedAt = :now, reauthReason = :why")
                    .conditionExpression("attribute_exists(provider)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":s", s(Account.NEEDS_REAUTH), ":now", s(Instant.now().toString()),
                            ":why", s(reason))));
        } catch (ConditionalCheckFailedException unlinkedMeanwhile) {
            // the user removed the account: nothing to mark
        }
    }
}
