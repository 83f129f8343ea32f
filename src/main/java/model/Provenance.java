package model;

/** Where a record came from: the provider, its own id for the record, and the device when known. */
public record Provenance(String provider, String externalId, String device) {
}
