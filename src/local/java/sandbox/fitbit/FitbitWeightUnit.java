package sandbox.fitbit;

/**
 * The weight unit Fitbit uses for a request, chosen by its Accept-Language header.
 * docs/providers/fitbit.md §2: the default when the header is absent was not found; the sandbox reads
 * "absent or anything but en_US/en_GB" as metric, which is what Fitbit's docs list for other locales.
 * Only the underscore spelling the Fitbit docs use is recognised, so a client sending "en-US"
 * gets kilograms here as it most likely would there.
 */
enum FitbitWeightUnit {

    KILOGRAM(1.0),
    POUND(0.45359237),
    STONE(6.35029318);

    private final double kgPerUnit;

    FitbitWeightUnit(double kgPerUnit) {
        this.kgPerUnit = kgPerUnit;
    }

    static FitbitWeightUnit forAcceptLanguage(String header) {
        if (header == null) {
            return KILOGRAM;
        }
        String first = header.split("[,;]", 2)[0].trim();
        if (first.equalsIgnoreCase("en_US")) {
            return POUND;
        }
        if (first.equalsIgnoreCase("en_GB")) {
            return STONE;
        }
        return KILOGRAM;
    }

    double toKg(double value) {
        return value * kgPerUnit;
    }

    /** The value Fitbit answers: in this unit, two decimals. */
    double fromKg(double kg) {
        return Math.round(kg / kgPerUnit * 100) / 100.0;
    }
}
