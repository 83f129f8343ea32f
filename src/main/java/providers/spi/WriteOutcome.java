package providers.spi;

/** How many records a write created and how many it replaced at the destination. */
public record WriteOutcome(int created, int replaced) {

    public int written() {
        return created + replaced;
    }
}
