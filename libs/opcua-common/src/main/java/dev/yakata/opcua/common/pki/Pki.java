package dev.yakata.opcua.common.pki;

import dev.yakata.opcua.common.certificates.CertificateEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One application's OPC UA public-key infrastructure in a directory: its own certificate and key (generated on
 * first start, in {@code own/}), the certificates it trusts ({@code trusted/certs}, {@code issuers/...}) and the
 * peer certificates it rejected ({@code rejected/}), which a manager may move to the trusted list.
 *
 * <p>A peer certificate is trusted by dropping its DER file into {@code trusted/certs} (Milo watches the folder) or
 * with {@link #trust(String)}.
 */
public final class Pki implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pki.class);

    // The key store only protects the key against casual reading; the file's permissions are the real guard.
    private static final char[] STORE_PASSWORD = "yakata-opcua".toCharArray();
    private static final String ALIAS = "application";

    private final Path directory;
    private final String applicationUri;
    private final KeyPair keyPair;
    private final X509Certificate certificate;
    private final FileBasedTrustListManager trustList;
    private final FileBasedCertificateQuarantine quarantine;

    private Pki(Path directory, String applicationUri, KeyPair keyPair, X509Certificate certificate,
            FileBasedTrustListManager trustList, FileBasedCertificateQuarantine quarantine) {
        this.directory = directory;
        this.applicationUri = applicationUri;
        this.keyPair = keyPair;
        this.certificate = certificate;
        this.trustList = trustList;
        this.quarantine = quarantine;
    }

    /**
     * Opens the PKI in {@code directory}, creating the folders and a self-signed RSA-2048 application certificate
     * (valid 10 years, for {@code applicationUri}, this host's name, {@code localhost} and 127.0.0.1) when there is
     * none yet.
     */
    public static Pki open(Path directory, String applicationUri, String commonName) throws IOException {
        try {
            Files.createDirectories(directory.resolve("own"));
            Path storeFile = directory.resolve("own").resolve("application.p12");
            KeyStore store = KeyStore.getInstance("PKCS12");
            KeyPair keyPair;
            X509Certificate certificate;
            if (Files.exists(storeFile)) {
                try (InputStream in = Files.newInputStream(storeFile)) {
                    store.load(in, STORE_PASSWORD);
                }
                certificate = (X509Certificate) store.getCertificate(ALIAS);
                keyPair = new KeyPair(certificate.getPublicKey(), (PrivateKey) store.getKey(ALIAS, STORE_PASSWORD));
                String storedUri = CertificateUtil.getSanUri(certificate).orElse("");
                if (!storedUri.equals(applicationUri)) {
                    throw new IOException("the application certificate in " + storeFile + " is for " + storedUri
                            + ", not " + applicationUri + "; delete the file to generate a new one");
                }
            } else {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                keyPair = generator.generateKeyPair();
                SelfSignedCertificateBuilder builder = new SelfSignedCertificateBuilder(keyPair)
                        .setCommonName(commonName)
                        .setOrganization("Yakata")
                        .setApplicationUri(applicationUri)
                        .setValidityPeriod(Period.ofYears(10))
                        .addDnsName("localhost")
                        .addIpAddress("127.0.0.1");
                String hostName = localHostName();
                if (!hostName.isEmpty() && !hostName.equals("localhost")) {
                    builder.addDnsName(hostName);
                }
                certificate = builder.build();
                store.load(null, STORE_PASSWORD);
                store.setKeyEntry(ALIAS, keyPair.getPrivate(), STORE_PASSWORD, new Certificate[] {certificate});
                try (OutputStream out = Files.newOutputStream(storeFile)) {
                    store.store(out, STORE_PASSWORD);
                }
                Files.write(directory.resolve("own").resolve("application.der"), certificate.getEncoded());
                LOG.info("Generated the OPC UA application certificate for {} in {} (thumbprint {})", applicationUri,
                        storeFile, thumbprint(certificate));
            }
            FileBasedTrustListManager trustList = FileBasedTrustListManager.createAndInitialize(directory);
            FileBasedCertificateQuarantine quarantine = FileBasedCertificateQuarantine.create(directory.resolve("rejected"));
            return new Pki(directory, applicationUri, keyPair, certificate, trustList, quarantine);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot open the OPC UA PKI in " + directory + ": " + e.getMessage(), e);
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "";
        }
    }

    public Path directory() {
        return directory;
    }

    public String applicationUri() {
        return applicationUri;
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** A validator for the certificates of servers this application connects to; rejected ones are kept. */
    public CertificateValidator serverCertificateValidator() {
        return new DefaultClientCertificateValidator(trustList, quarantine);
    }

    /** A validator for the certificates of clients connecting to this application; rejected ones are kept. */
    public CertificateValidator clientCertificateValidator() {
        return new DefaultServerCertificateValidator(trustList, quarantine);
    }

    public FileBasedTrustListManager trustList() {
        return trustList;
    }

    public FileBasedCertificateQuarantine quarantine() {
        return quarantine;
    }

    /** The certificates this application trusts. */
    public List<X509Certificate> trusted() {
        return List.copyOf(trustList.getTrustedCertificates());
    }

    /** Peer certificates refused because they were not trusted, kept for a manager to trust. */
    public List<X509Certificate> rejected() {
        return List.copyOf(quarantine.getRejectedCertificates());
    }

    /**
     * Moves a rejected certificate to the trusted list.
     *
     * @param thumbprintPrefix the start of its SHA-1 thumbprint (hex, at least 6 characters, case ignored)
     * @return the trusted certificate
     * @throws IllegalArgumentException when no rejected certificate, or more than one, matches
     */
    public X509Certificate trust(String thumbprintPrefix) {
        String prefix = thumbprintPrefix == null ? "" : thumbprintPrefix.trim().toLowerCase(Locale.ROOT).replace(":", "");
        if (prefix.length() < 6) {
            throw new IllegalArgumentException("give at least 6 characters of the thumbprint; yakata:opcua-cert-list "
                    + "shows them");
        }
        List<X509Certificate> matches = new ArrayList<>();
        for (X509Certificate rejected : quarantine.getRejectedCertificates()) {
            if (thumbprint(rejected).startsWith(prefix)) {
                matches.add(rejected);
            }
        }
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("no rejected certificate has a thumbprint starting with " + prefix
                    + "; rejected: " + CertificateEntry.of(rejected()));
        }
        if (matches.size() > 1) {
            throw new IllegalArgumentException(matches.size() + " rejected certificates start with " + prefix
                    + "; give more characters");
        }
        X509Certificate certificate = matches.get(0);
        trustList.addTrustedCertificate(certificate);
        quarantine.removeRejectedCertificate(certificate);
        LOG.info("Trusted OPC UA certificate {} ({}) in {}", thumbprint(certificate),
                certificate.getSubjectX500Principal().getName(), directory);
        return certificate;
    }

    /** The certificate's SHA-1 thumbprint in lower-case hex, as OPC UA tools show it. */
    public static String thumbprint(X509Certificate certificate) {
        return CertificateEntry.thumbprint(certificate);
    }

    /**
     * The configured directory, else {@code ${karaf.etc}/opcua/<name>}, else {@code ./etc/opcua/<name>}: where the
     * client adapter ({@code pki}) and the server ({@code server-pki}) keep their PKI by default.
     */
    public static Path directory(String configured, String name) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim());
        }
        String etc = System.getProperty("karaf.etc");
        return (etc == null ? Path.of("etc") : Path.of(etc)).resolve("opcua").resolve(name);
    }

    @Override
    public void close() {
        try {
            trustList.close();
        } catch (IOException e) {
            LOG.debug("Closing the trust list of {} failed", directory, e);
        }
    }
}
