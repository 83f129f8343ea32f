package state;

/**
 * One window of an application quota at a provider ({@link QuotaStore}).
 *
 * @param id        provider, limit and the window's start: {@code strava/100/PT15M/1796601600}
 * @param used      calls counted in it (hot calls past the limit included: each took a number)
 * @param expiresAt when DynamoDB's TTL may drop it, epoch seconds
 */
public record QuotaWindow(String id, long used, long expiresAt) {
}
