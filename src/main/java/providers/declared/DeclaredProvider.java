package providers.declared;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

import failures.PermanentSyncException;
import model.HealthRecord;
import providers.http.HttpHealthProvider;
import providers.http.OAuthClient;
import providers.http.ProviderContext;
import providers.http.ProviderHttp;
import providers.http.ResponseEnvelope;
import providers.spi.FetchRequest;
import providers.spi.WriteOutcome;
import providers.spi.WriteRequest;

/**
 * A provider declared without Java: its {@code provider.yaml} (capability row, OAuth habits, envelope), its routes
 * {@code <id>-fetch} and {@code <id>-write} in its own YAML, which call the provider through the shared
 * {@code provider-http} route, and its JSONata mappings, all under {@code camel/providers/<id>/}. This bean is what the
 * engine sees of it: the row, the OAuth client and the HTTP layer the shared route draws on. Fetching and writing are
 * its routes' (a Java caller is handed to them).
 */
public class DeclaredProvider extends HttpHealthProvider {

    private final ProviderDescription description;
    private final CamelContext camel;
    private volatile ProducerTemplate routes;

    public DeclaredProvider(ProviderDescription description, ProviderContext context, CamelContext camel) {
        super(description.info(), description.oauth().scopes(), description.oauth().clientAuthentication(), context);
        this.description = description;
        this.camel = camel;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<HealthRecord> fetch(FetchRequest request) {
        return routes().requestBody("direct:" + id() + "-fetch", request, List.class);
    }

    @Override
    public WriteOutcome write(WriteRequest request) {
        return routes().requestBody("direct:" + id() + "-write", request, WriteOutcome.class);
    }

    /** Only a provider that writes the type can replace a record of it; what it cannot overwrite ends in a skip. */
    @Override
    public boolean canReplace(HealthRecord existing) {
        return info().canWrite(existing.type());
    }

    /** The HTTP layer every provider shares: tokens, classification of failures, rate budgets, metrics. */
    public ProviderHttp calls() {
        return http();
    }

    /** {@code read} of a type it does not read is refused like a Java provider refuses it. */
    void checkReads(FetchRequest request) {
        if (!info().canRead(request.type())) {
            throw new PermanentSyncException(id() + " does not read " + request.type());
        }
    }

    @Override
    protected ResponseEnvelope envelope() {
        return description.responseEnvelope();
    }

    @Override
    protected OAuthClient.TokenEndpoint tokenEndpoint() {
        return description.tokenEndpoint();
    }

    private ProducerTemplate routes() {
        ProducerTemplate template = routes;
        if (template == null) {
            synchronized (this) {
                if (routes == null) {
                    routes = camel.createProducerTemplate();
                }
                template = routes;
            }
        }
        return template;
    }
}
