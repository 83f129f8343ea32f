package support;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fresh SyncWell user whose provider accounts are linked the way a browser would: authorize, follow
 * the sandbox's instant approval to our callback. {@link #providerUser} is the user's id at the provider.
 */
public final class TestUser {

    public final String id;
    public final ApiClient api;
    private final Map<String, String> providerUsers = new HashMap<>();

    private TestUser(String id, ApiClient api) {
        this.id = id;
        this.api = api;
    }

    public static TestUser linkedTo(SyncWellInstance app, String... providers) {
        TestUser user = new TestUser("user-" + UUID.randomUUID(), null);
        TestUser withApi = new TestUser(user.id, app.api(user.id));
        for (String provider : providers) {
            withApi.link(provider);
        }
        return withApi;
    }

    /** A user linked to these providers whose accounts' generated history is wiped: only what a test seeds is there. */
    public static TestUser linkedWithNoData(SyncWellInstance app, String... providers) {
        TestUser user = linkedTo(app, providers);
        for (String provider : providers) {
            app.sandbox().wipe(provider, user.providerUser(provider));
        }
        return user;
    }

    public void link(String provider) {
        link(provider, "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 9).toUpperCase());
    }

    /** Links the provider account of this provider user id (the sandbox takes it as its login hint). */
    public void link(String provider, String providerUser) {
        ApiClient.Answer authorize = api.post("/v1/accounts/" + provider + "/authorize", Map.of("loginHint", providerUser));
        HttpResponse<String> approval = ApiClient.open(authorize.json().get("authorizeUrl").asText());
        assertThat(approval.statusCode()).as("sandbox approves at once").isEqualTo(302);
        // the browser that asked for the link finishes it: it holds the link cookie
        HttpResponse<String> callback = ApiClient.open(approval.headers().firstValue("Location").orElseThrow(), authorize.cookie());
        assertThat(callback.statusCode()).as("callback links the account: %s", callback.body()).isEqualTo(200);
        providerUsers.put(provider, providerUser);
    }

    public String providerUser(String provider) {
        String id = providerUsers.get(provider);
        if (id == null) {
            throw new IllegalStateException(provider + " account of " + this.id + " has no provider user id");
        }
        return id;
    }

    /** Creates a connection and answers its id. */
    public String connect(String source, String destination, List<String> dataTypes) {
        ApiClient.Answer created = api.post("/v1/connections", Map.of("source", source, "destination", destination,
                "dataTypes", dataTypes));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }
}
