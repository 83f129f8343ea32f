package providers.spi;

import java.util.Set;

import model.DataType;

/**
 * What a provider's push says: this user of ours at the provider has new or changed data of these types
 * ({@code revoked}: the user withdrew our access).
 */
public record PushNotification(String externalUserId, Set<DataType> types, boolean revoked) {
}
