package org.facilitymonitor.mqtt;

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
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS socket factory of the broker connection, from PEM files as openssl writes them (bin/stack's
 * tls/ dir): the broker must present a certificate of {@code caFile}; with {@code certFile} and
 * {@code keyFile} the client proves itself too. Hostname verification is the caller's (Paho's
 * https hostname verification), never switched off.
 */
public final class MqttTls {

    private MqttTls() {
    }

    /** An {@link IllegalArgumentException} naming the file and what is wrong with it, for any unusable file. */
    public static SSLSocketFactory socketFactory(Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile) {
        return context(caFile, certFile, keyFile).getSocketFactory();
    }

    static SSLContext context(Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile) {
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw new IllegalArgumentException("fm.mqtt.tls: cert-file and key-file go together (one of them is set, the other not)");
        }
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caFile.isPresent()) {
                KeyStore anchors = emptyStore();
                List<Certificate> cas = certificates(caFile.get(), "fm.mqtt.tls.ca-file");
                for (int i = 0; i < cas.size(); i++) {
                    anchors.setCertificateEntry("ca-" + i, cas.get(i));
                }
                trust.init(anchors);
            } else {
                trust.init((KeyStore) null);
            }
            KeyManagerFactory keys = null;
            if (certFile.isPresent()) {
                KeyStore identity = emptyStore();
                List<Certificate> chain = certificates(certFile.get(), "fm.mqtt.tls.cert-file");
                identity.setKeyEntry("client", privateKey(keyFile.get()), new char[0], chain.toArray(Certificate[]::new));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(identity, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("fm.mqtt.tls: cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static List<Certificate> certificates(Path file, String setting) {
        try (InputStream in = Files.newInputStream(file)) {
            List<Certificate> certificates = new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(setting + ": " + file + " holds no PEM certificate");
            }
            return certificates;
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + ": cannot read " + file + ": " + e, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(setting + ": " + file + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) {
        String pem;
        try {
            pem = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("fm.mqtt.tls.key-file: cannot read " + file + ": " + e, e);
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("fm.mqtt.tls.key-file: " + file + " is not an unencrypted PKCS#8 PEM key"
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
        throw new IllegalArgumentException("fm.mqtt.tls.key-file: " + file + " is neither an EC, RSA nor Ed25519 key");
    }
}
