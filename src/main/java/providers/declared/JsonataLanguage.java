package providers.declared;

import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.support.ExpressionAdapter;
import org.apache.camel.support.ExpressionToPredicateAdapter;
import org.apache.camel.support.LanguageSupport;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;

import failures.PermanentSyncException;

/**
 * JSONata (jsonata.org, the dashjoin implementation that Camel's jsonata component uses) as a Camel language, so a
 * declared provider's route maps an answer with {@code transform: {language: {language: jsonata, expression:
 * "resource:classpath:camel/providers/<id>/<mapping>.jsonata"}}}. The body — an answer's payload as plain JSON values —
 * is evaluated as it is. Bound as {@code jsonata}.
 *
 * <p>Why not the jsonata component: it reads and compiles its template again for every message and converts the body
 * to a string and back around it; here a mapping is compiled once per thread (a compiled expression keeps per-evaluation
 * state, so threads do not share one) and takes and gives plain values. Mappings may call the {@link MappingFunctions}
 * besides JSONata's own. An {@code $error("…")} the mapping raises (or an {@code $integer} it calls) is the
 * answer's refusal with that reason; any other failure of a mapping names its JSONata error code only (its message can
 * quote the payload's values).
 */
public class JsonataLanguage extends LanguageSupport {

    @Override
    public Expression createExpression(String expression) {
        return compile(loadResource(expression));
    }

    @Override
    public Predicate createPredicate(String expression) {
        return ExpressionToPredicateAdapter.toPredicate(createExpression(expression));
    }

    /** A mapping from its JSONata source (a mapping that does not parse is refused here). */
    public static Mapping compile(String source) {
        return new Mapping(source);
    }

    /** One mapping, compiled on first use in each thread. */
    public static final class Mapping extends ExpressionAdapter {

        private final String source;
        private final ThreadLocal<Jsonata> compiled;

        Mapping(String source) {
            this.source = source;
            // compiled here once, so a mapping that does not parse stops the routes from starting
            Jsonata.jsonata(source);
            this.compiled = ThreadLocal.withInitial(() -> {
                Jsonata mapping = Jsonata.jsonata(source);
                MappingFunctions.register(mapping);
                return mapping;
            });
        }

        /** Maps plain JSON values (maps, lists, strings, numbers) to plain JSON values. */
        public Object map(Object input) {
            try {
                return compiled.get().evaluate(input);
            } catch (JException e) {
                throw new PermanentSyncException(MappingFunctions.REFUSED.equals(e.getError()) ? e.getMessage()
                        : "the answer could not be mapped (JSONata " + e.getError() + ")");
            }
        }

        @Override
        public Object evaluate(Exchange exchange) {
            return map(exchange.getMessage().getBody());
        }

        @Override
        public String toString() {
            return "jsonata[" + source.length() + " characters]";
        }
    }
}
