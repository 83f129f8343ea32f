package state;

/** What a job saw and did, by records. */
public record JobCounts(int fetched, int destinationExisting, int written, int skipped, int merged) {

    public static JobCounts none() {
        return new JobCounts(0, 0, 0, 0, 0);
    }
}
