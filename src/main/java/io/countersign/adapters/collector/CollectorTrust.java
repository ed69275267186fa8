package io.countersign.adapters.collector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Which collector certificates a device trusts: the system's CAs, plus the certificates in
 * {@code HOME/collector-ca.pem} when the device was enrolled with {@code --trust-cert} (a team's own
 * CA or the collector's self-signed certificate).
 */
public final class CollectorTrust {

    public static final String FILE = "collector-ca.pem";

    private CollectorTrust() {
    }

    public static HttpCollectorClient.Factory clients(Path home, Clock clock) {
        Path pem = home.resolve(FILE);
        if (!Files.isRegularFile(pem)) {
            return new HttpCollectorClient.Factory(clock);
        }
        try {
            X509TrustManager trust = trustManager(pem);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new javax.net.ssl.TrustManager[]{trust}, null);
            return new HttpCollectorClient.Factory(clock, ctx.getSocketFactory(), trust);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(pem + " holds no readable certificate (" + e.getMessage() + "); replace it or remove it", e);
        }
    }

    /** Checks that a file holds at least one X.509 certificate (PEM or DER) before it is copied into the workspace. */
    public static int certificates(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            int n = CertificateFactory.getInstance("X.509").generateCertificates(in).size();
            if (n == 0) {
                throw new GeneralSecurityException("no certificate in " + file);
            }
            return n;
        }
    }

    private static X509TrustManager trustManager(Path pem) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        system.init((KeyStore) null);
        int i = 0;
        for (javax.net.ssl.TrustManager tm : system.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                for (var c : x.getAcceptedIssuers()) {
                    store.setCertificateEntry("system-" + i++, c);
                }
            }
        }
        try (InputStream in = Files.newInputStream(pem)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("collector-" + i++, c);
            }
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        for (javax.net.ssl.TrustManager tm : f.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }
}
