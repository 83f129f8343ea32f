/**
 * The provider sandbox: an in-memory HTTP server that behaves like the Fitbit Web API v1, the
 * Google Fit REST API v1, the Google Health API v4 and the Garmin Health API (the parts SyncWell uses), so tests, benchmarks
 * and the local demo run the real provider clients with only the base URL changed.
 *
 * <p>Layout: {@code /fitbit/...} stands for {@code https://api.fitbit.com} (plus its OAuth pages),
 * {@code /googlefit/...} for {@code https://www.googleapis.com} and {@code accounts.google.com},
 * {@code /googlehealth/...} for {@code https://health.googleapis.com} and Google's OAuth endpoints,
 * {@code /garmin/...} for {@code https://apis.garmin.com} and Garmin's OAuth 2.0 PKCE endpoints.
 * The OAuth servers approve every request at once. New users get deterministic generated history.
 *
 * <p>{@code /_sandbox/...} is the test API (seed and inspect data, inject faults, change rate limits,
 * list issued tokens). It exists only in the sandbox: no real provider has anything like it, so
 * engine code must never call it.
 */
package sandbox;
