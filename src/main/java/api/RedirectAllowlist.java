package api;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the OAuth callback may send a browser after linking ({@code syncwell.oauth.allowed-redirects}): exact origins
 * ({@code https://app.example.com}) and origins with a path prefix ({@code https://app.example.com/settings/}). A
 * {@code redirectUri} outside it is refused when the flow starts, so the callback is never an open redirect.
 */
public final class RedirectAllowlist {

    private record Entry(String scheme, String host, int port, String pathPrefix) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public RedirectAllowlist(List<String> allowed) {
        for (String value : allowed) {
            URI uri = URI.create(value.trim());
            if (!isWeb(uri) || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalStateException("syncwell.oauth.allowed-redirects: '" + value
                        + "' is not an http(s) origin with an optional path prefix");
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            entries.add(new Entry(uri.getScheme().toLowerCase(Locale.ROOT), uri.getHost().toLowerCase(Locale.ROOT), port(uri), path));
        }
    }

    /** Whether a browser may be sent to {@code value}. */
    public boolean allows(String value) {
        URI uri;
        try {
            uri = URI.create(value).normalize();
        } catch (IllegalArgumentException notAUri) {
            return false;
        }
        if (!isWeb(uri) || uri.getRawUserInfo() != null || (uri.getRawPath() != null && uri.getRawPath().contains(".."))) {
            return false;
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        for (Entry entry : entries) {
            if (entry.scheme().equals(uri.getScheme().toLowerCase(Locale.ROOT)) && entry.host().equals(uri.getHost().toLowerCase(Locale.ROOT))
                    && entry.port() == port(uri) && path.startsWith(entry.pathPrefix())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWeb(URI uri) {
        return uri.isAbsolute() && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                && uri.getHost() != null;
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
