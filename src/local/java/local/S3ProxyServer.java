package local;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * S3Proxy in this JVM with a filesystem store, so dead letters survive a restart. Its HTTP API can be taken away and
 * brought back on the same store ({@link #stopApi}, {@link #startApi}): an S3 outage as its clients see it.
 */
final class S3ProxyServer implements AutoCloseable {

    private final BlobStoreContext blobStoreContext;
    private final int port;
    private final String identity;
    private final String credential;
    private S3Proxy proxy;

    S3ProxyServer(int port, Path storeDir, String identity, String credential) throws Exception {
        Files.createDirectories(storeDir);
        Properties overrides = new Properties();
        overrides.setProperty("jclouds.filesystem.basedir", storeDir.toAbsolutePath().toString());
        blobStoreContext = ContextBuilder.newBuilder("filesystem").overrides(overrides).build(BlobStoreContext.class);
        this.port = port;
        this.identity = identity;
        this.credential = credential;
        startApi();
    }

    synchronized void startApi() throws Exception {
        if (proxy != null) {
            return;
        }
        proxy = S3Proxy.builder()
                .blobStore(blobStoreContext.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, identity, credential)
                .build();
        proxy.start();
        while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
            if (AbstractLifeCycle.FAILED.equals(proxy.getState())) {
                throw new IllegalStateException("S3Proxy failed to start on port " + port);
            }
            Thread.onSpinWait();
        }
    }

    /** The port closed; what the store holds stays. */
    synchronized void stopApi() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            stopApi();
        } finally {
            blobStoreContext.close();
        }
    }
}
