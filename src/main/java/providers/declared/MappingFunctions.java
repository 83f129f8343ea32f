package providers.declared;

import java.math.BigDecimal;
import java.util.List;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;

/**
 * Functions a declared provider's JSONata mapping can call beside JSONata's own, for what provider answers need and
 * JSONata does not do exactly or cheaply:
 * <ul>
 * <li>{@code $integer(value, what)}: a whole number sent as a number or as plain decimal digits; anything else refuses
 * the answer with the reason {@code "<what> that is not an integer"} (the value is never quoted).</li>
 * <li>{@code $scaled(value, exponent)}: {@code value × 10^exponent} exactly, as a decimal would be (72450 with -3 is
 * 72.45), where JSONata's doubles would drift.</li>
 * </ul>
 * Written in Java because the mapping calls them for every field of every record: a JSONata function with a signature
 * costs several times more.
 */
final class MappingFunctions {

    /** The JSONata error code of {@code $error}: the mapping's own reason for refusing an answer. */
    static final String REFUSED = "D3137";

    private MappingFunctions() {
    }

    static void register(Jsonata mapping) {
        mapping.registerFunction("integer", new Jsonata.JFunction(MappingFunctions::integer, null));
        mapping.registerFunction("scaled", new Jsonata.JFunction(MappingFunctions::scaled, null));
    }

    private static Object integer(Object input, List<?> arguments) {
        Object value = arguments.isEmpty() ? null : arguments.get(0);
        String what = arguments.size() > 1 ? String.valueOf(arguments.get(1)) : "a value";
        if (value instanceof Number number && isWhole(number)) {
            return number.longValue();
        }
        if (value instanceof String text && text.matches("-?\\d{1,18}")) {
            return Long.parseLong(text);
        }
        throw new JException(REFUSED, -1, what + " that is not an integer");
    }

    private static Object scaled(Object input, List<?> arguments) {
        if (arguments.size() < 2 || !(arguments.get(0) instanceof Number value) || !(arguments.get(1) instanceof Number exponent)
                || !isWhole(exponent)) {
            throw new JException(REFUSED, -1, "$scaled takes a number and a whole exponent");
        }
        BigDecimal decimal = value instanceof Long || value instanceof Integer ? BigDecimal.valueOf(value.longValue())
                : BigDecimal.valueOf(value.doubleValue());
        return decimal.scaleByPowerOfTen(exponent.intValue()).doubleValue();
    }

    /** A whole number a long holds: what JSONata writes as a double for an id, a cursor or unix seconds. */
    static boolean isWhole(Number number) {
        double value = number.doubleValue();
        return Double.isFinite(value) && value == Math.rint(value) && Math.abs(value) < 1e18;
    }
}
