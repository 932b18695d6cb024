package dev.yakata.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS keystore Pax Web reads ({@code org.ops4j.pax.web.ssl.keystore}). On first start it does not exist and is
 * generated: a self-signed EC P-256 certificate for {@code localhost}, {@code 127.0.0.1} and the machine's name, made
 * by the JDK's own {@code keytool}. An administrator replaces it by dropping a PKCS#12 keystore in its place (same
 * password), or a PEM pair next to it: {@code certificate.pem} (the chain, the hub's certificate first) and
 * {@code private-key.pem} (PKCS#8, {@code BEGIN PRIVATE KEY}); a pair newer than the keystore is converted into it.
 */
final class HttpsKeystore {

    private static final Logger LOG = LoggerFactory.getLogger(HttpsKeystore.class);
    static final String ALIAS = "yakata-https";
    static final String CERTIFICATE_PEM = "certificate.pem";
    static final String PRIVATE_KEY_PEM = "private-key.pem";
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");

    private HttpsKeystore() { }

    /**
     * Makes sure the keystore exists and holds the newest certificate the administrator gave; returns what was done
     * ({@code "kept"}, {@code "generated"}, {@code "imported"}).
     */
    static String ensure(Path keystore, char[] password) throws IOException, GeneralSecurityException, InterruptedException {
        Path dir = keystore.toAbsolutePath().getParent();
        Path cert = dir.resolve(CERTIFICATE_PEM);
        Path key = dir.resolve(PRIVATE_KEY_PEM);
        boolean pemGiven = Files.isRegularFile(cert) && Files.isRegularFile(key);
        if (pemGiven && (!Files.exists(keystore)
                || Files.getLastModifiedTime(cert).compareTo(Files.getLastModifiedTime(keystore)) > 0
                || Files.getLastModifiedTime(key).compareTo(Files.getLastModifiedTime(keystore)) > 0)) {
            importPem(cert, key, keystore, password);
            LOG.info("HTTPS: {} now holds the certificate of {} and the key of {}", keystore, cert, key);
            return "imported";
        }
        if (Files.exists(keystore)) {
            return "kept";
        }
        generate(keystore, password);
        LOG.info("HTTPS: generated a self-signed certificate in {} (replace it with your own: docs/console.md)", keystore);
        return "generated";
    }

    /** A self-signed certificate by {@code keytool} (the JDK's, next to the running JVM). */
    static void generate(Path keystore, char[] password) throws IOException, InterruptedException {
        Files.createDirectories(keystore.toAbsolutePath().getParent());
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        String host = hostName();
        String san = "SAN=dns:localhost,ip:127.0.0.1,ip:0:0:0:0:0:0:0:1" + (host.isEmpty() ? "" : ",dns:" + host);
        Path tmp = keystore.resolveSibling(keystore.getFileName() + ".new");
        Files.deleteIfExists(tmp);
        List<String> cmd = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "825",
                "-dname", "CN=" + (host.isEmpty() ? "localhost" : host) + ", O=Yakata hub (self-signed)",
                "-ext", san, "-keystore", tmp.toString(), "-storetype", "PKCS12",
                "-storepass:env", "YAKATA_KEYSTORE_PASSWORD", "-keypass:env", "YAKATA_KEYSTORE_PASSWORD", "-noprompt"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("YAKATA_KEYSTORE_PASSWORD", new String(password));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool could not generate the HTTPS certificate in " + keystore + ": " + output);
        }
        ownerOnly(tmp);
        Files.move(tmp, keystore, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Converts a PEM certificate chain and a PKCS#8 private key into the keystore. */
    static void importPem(Path certFile, Path keyFile, Path keystore, char[] password)
            throws IOException, GeneralSecurityException {
        List<Certificate> chain = new ArrayList<>();
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        for (byte[] der : blocks(certFile, "CERTIFICATE")) {
            chain.add(cf.generateCertificate(new java.io.ByteArrayInputStream(der)));
        }
        if (chain.isEmpty()) {
            throw new GeneralSecurityException(certFile + " has no -----BEGIN CERTIFICATE----- block");
        }
        List<byte[]> keys = blocks(keyFile, "PRIVATE KEY");
        if (keys.size() != 1) {
            throw new GeneralSecurityException(keyFile + " must hold exactly one -----BEGIN PRIVATE KEY----- block (PKCS#8;"
                    + " convert an RSA or EC key with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out " + PRIVATE_KEY_PEM + ")");
        }
        String algorithm = chain.get(0).getPublicKey().getAlgorithm();
        PrivateKey key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(keys.get(0)));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(ALIAS, key, password, chain.toArray(new Certificate[0]));
        Path tmp = keystore.resolveSibling(keystore.getFileName() + ".new");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            ks.store(out, password);
        }
        ownerOnly(tmp);
        Files.move(tmp, keystore, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Loads the keystore, to fail early with a clear message when the password does not open it. */
    static KeyStore load(Path keystore, char[] password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, password);
        }
        return ks;
    }

    private static List<byte[]> blocks(Path file, String type) throws IOException {
        List<byte[]> out = new ArrayList<>();
        Matcher m = PEM.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        while (m.find()) {
            if (m.group(1).equals(type)) {
                out.add(Base64.getMimeDecoder().decode(m.group(2)));
            }
        }
        return out;
    }

    private static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            LOG.debug("cannot restrict {} to its owner: {}", file, e.toString());
        }
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.matches("[A-Za-z0-9.-]{1,253}") ? name : "";
        } catch (IOException e) {
            return "";
        }
    }
}
