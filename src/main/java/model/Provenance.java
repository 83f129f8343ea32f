package model;

/**
 * Where a record came from: the provider, its own id for the record, the device when known, and — when SyncWell
 * itself wrote the record there — the sync id it carried (in an external id, a FIT field, a session id or a tag,
 * whatever the provider keeps). A record with a sync id is our own echo: a sync in the opposite direction must not
 * send it back (loop safety).
 */
public record Provenance(String provider, String externalId, String device, String syncId) {

    public Provenance(String provider, String externalId, String device) {
        this(provider, externalId, device, null);
    }

    /** Whether SyncWell wrote this record at its provider (it carries our sync id). */
    public boolean writtenBySyncWell() {
        return syncId != null;
    }

    /** The same provenance, marked as written by SyncWell under {@code id}. */
    public Provenance withSyncId(String id) {
        return new Provenance(provider, externalId, device, id);
    }
}
