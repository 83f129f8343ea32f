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

/** S3Proxy in this JVM with a filesystem store, so dead letters survive a restart. */
final class S3ProxyServer implements AutoCloseable {

    private final BlobStoreContext blobStoreContext;
    private final S3Proxy proxy;

    S3ProxyServer(int port, Path storeDir, String identity, String credential) throws Exception {
        Files.createDirectories(storeDir);
        Properties overrides = new Properties();
        overrides.setProperty("jclouds.filesystem.basedir", storeDir.toAbsolutePath().toString());
        blobStoreContext = ContextBuilder.newBuilder("filesystem").overrides(overrides).build(BlobStoreContext.class);
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

    @Override
    public void close() throws Exception {
        proxy.stop();
        blobStoreContext.close();
    }
}
