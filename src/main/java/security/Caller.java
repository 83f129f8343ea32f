package security;

import java.util.Set;

/** Who is calling the API, from a verified JWT: {@code sub} and {@code roles}. */
public record Caller(String userId, Set<String> roles) {

    public boolean isAdmin() {
        return roles.contains("admin");
    }
}
