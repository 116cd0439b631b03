package org.facilitymonitor.edge.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS towards the broker from PEM files as openssl writes them (the native stack's tls/ dir, docs/tls.md).
 *
 * @param caFile   CA certificate(s) the broker's certificate must chain to; null: the JVM's trust store
 * @param certFile client certificate (chain) for a listener that requires one; null: none
 * @param keyFile  its unencrypted PKCS#8 key ("BEGIN PRIVATE KEY"); set exactly when certFile is
 */
public record TlsFiles(Path caFile, Path certFile, Path keyFile) {

    public TlsFiles {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("broker.cert-file and broker.key-file go together (one of them is set, the other not)");
        }
    }

    /** Fails with an {@link IllegalArgumentException} naming the file and what is wrong with it. */
    public SSLSocketFactory socketFactory() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caFile != null) {
                KeyStore anchors = emptyStore();
                List<Certificate> cas = certificates(caFile, "broker.ca-file");
                for (int i = 0; i < cas.size(); i++) {
                    anchors.setCertificateEntry("ca-" + i, cas.get(i));
                }
                trust.init(anchors);
            } else {
                trust.init((KeyStore) null);
            }
            KeyManagerFactory keys = null;
            if (certFile != null) {
                KeyStore identity = emptyStore();
                List<Certificate> chain = certificates(certFile, "broker.cert-file");
                identity.setKeyEntry("client", privateKey(keyFile), new char[0], chain.toArray(Certificate[]::new));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(identity, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("broker TLS: cannot set up: " + e.getMessage(), e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static List<Certificate> certificates(Path file, String field) {
        try (InputStream in = Files.newInputStream(file)) {
            List<Certificate> certificates = new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(field + ": " + file + " holds no PEM certificate");
            }
            return certificates;
        } catch (IOException e) {
            throw new IllegalArgumentException(field + ": cannot read " + file + ": " + e, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(field + ": " + file + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) {
        String pem;
        try {
            pem = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("broker.key-file: cannot read " + file + ": " + e, e);
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("broker.key-file: " + file + " is not an unencrypted PKCS#8 PEM key"
                    + " (BEGIN PRIVATE KEY); convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("broker.key-file: " + file + " is neither an EC, RSA nor Ed25519 key");
    }
}
