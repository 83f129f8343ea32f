package sandbox.garmin;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * One summary as Garmin keeps it for pulls: its JSON as the API answers it, when it was uploaded (what the pull
 * endpoints select by) and a sequence number that orders uploads of the same second. An updated summary is
 * uploaded again under the same summaryId and replaces this one.
 */
record GarminSummary(GarminSummaryType type, String summaryId, ObjectNode body, Instant uploadedAt, long seq) {
}
