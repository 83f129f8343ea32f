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
 * A provider declared without Java: its {@code provider.yaml} (capability row, version, OAuth habits, envelope), its
 * routes {@code <id>-<version>-fetch} and {@code <id>-<version>-write} in its own YAML, which call the provider through
 * the shared {@code provider-http} route, and its JSONata mappings, all under {@code camel/providers/<id>/} (one folder
 * per version beside what the versions share). This bean is what the engine sees of one version: the row, the OAuth
 * client and the HTTP layer the shared route draws on. Fetching and writing are its routes' (a Java caller is handed
 * to them). Each route names its provider version in the exchange property {@link #PROVIDER} first thing, for the steps
 * that need its HTTP layer.
 */
public class DeclaredProvider extends HttpHealthProvider {

    /** The exchange property that names the declared provider (this version) a fetch or write route runs for. */
    public static final String PROVIDER = "SyncWellDeclaredProvider";

    private final ProviderDescription description;
    private final CamelContext camel;
    private volatile ProducerTemplate template;

    public DeclaredProvider(ProviderDescription description, ProviderContext context, CamelContext camel) {
        super(description.info(), description.oauth().scopes(), description.oauth().clientAuthentication(), context);
        this.description = description;
        this.camel = camel;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<HealthRecord> fetch(FetchRequest request) {
        return run("fetch", request, List.class);
    }

    @Override
    public WriteOutcome write(WriteRequest request) {
        return run("write", request, WriteOutcome.class);
    }

    /** Its routes: {@code <id>-<version>-fetch} and {@code -write} ({@code withings-v2-fetch}); its bean: {@code <id>-<version>}. */
    @Override
    public String routes() {
        return id() + "-" + info().version();
    }

    private <T> T run(String what, Object request, Class<T> answer) {
        return template().requestBody("direct:" + routes() + "-" + what, request, answer);
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

    private ProducerTemplate template() {
        ProducerTemplate made = template;
        if (made == null) {
            synchronized (this) {
                if (template == null) {
                    template = camel.createProducerTemplate();
                }
                made = template;
            }
        }
        return made;
    }
}
