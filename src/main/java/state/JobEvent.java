package state;

import java.time.Instant;

import model.JobState;

/** One transition in a job's history, with the reason (never a token or a health value). */
public record JobEvent(JobState state, Instant at, String detail) {
}
