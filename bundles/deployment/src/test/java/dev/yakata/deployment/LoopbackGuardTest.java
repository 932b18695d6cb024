package dev.yakata.deployment;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class LoopbackGuardTest {

    @Rule public TemporaryFolder tmp = new TemporaryFolder();

    private static Dictionary<String, Object> config(String pid, String... kv) {
        Dictionary<String, Object> d = new Hashtable<>();
        d.put("service.pid", pid);
        for (int i = 0; i < kv.length; i += 2) {
            d.put(kv[i], kv[i + 1]);
        }
        return d;
    }

    @Test
    public void whileDemoUsersAreEnabledEveryServerIsKeptOnLoopback() throws Exception {
        Path etc = Etc.copy(tmp.getRoot().toPath());
        LoopbackGuard guard = new LoopbackGuard(LoopbackGuard.demoUsersOf(etc));

        Dictionary<String, Object> web = config("org.ops4j.pax.web", "org.ops4j.pax.web.listening.addresses", "0.0.0.0");
        assertTrue(guard.apply(web));
        assertEquals("127.0.0.1", web.get("org.ops4j.pax.web.listening.addresses"));

        Dictionary<String, Object> ssh = config("org.apache.karaf.shell", "sshPort", "8101"); // absent sshHost = every interface
        assertTrue(guard.apply(ssh));
        assertEquals("127.0.0.1", ssh.get("sshHost"));

        Dictionary<String, Object> opcua = config("dev.yakata.opcua.server", "bindAddress", "192.168.10.5");
        assertTrue(guard.apply(opcua));
        assertEquals("127.0.0.1", opcua.get("bindAddress"));

        Dictionary<String, Object> bacnet = config("dev.yakata.adapter.bacnet", "localAddress", "127.0.0.1, 10.0.0.7");
        assertTrue(guard.apply(bacnet));
        assertEquals("127.0.0.1", bacnet.get("localAddress"));

        Dictionary<String, Object> local = config("org.apache.karaf.shell", "sshHost", "127.0.0.1");
        assertFalse("loopback already: nothing to change", guard.apply(local));
        Dictionary<String, Object> other = config("dev.yakata.core", "bindAddress", "0.0.0.0");
        assertFalse("not a server the guard knows", guard.apply(other));
    }

    @Test
    public void onceTheDemoPasswordsAreGoneTheAddressesAreTheAdministrators() throws Exception {
        Path etc = Etc.copy(tmp.getRoot().toPath());
        LoopbackGuard guard = new LoopbackGuard(LoopbackGuard.demoUsersOf(etc));
        assertTrue(guard.apply(config("org.apache.karaf.shell", "sshHost", "0.0.0.0")));

        DeploymentActivator.production(etc); // the file changes: the guard reads it again
        AdminPassword.set(etc, "s.mori", "a long passphrase here");
        Dictionary<String, Object> ssh = config("org.apache.karaf.shell", "sshHost", "0.0.0.0");
        assertFalse(guard.apply(ssh));
        assertEquals("0.0.0.0", ssh.get("sshHost"));
    }

    @Test
    public void httpBeyondLoopbackIsHttpsOnly() {
        LoopbackGuard guard = new LoopbackGuard(List::of);
        Dictionary<String, Object> web = config("org.ops4j.pax.web", "org.ops4j.pax.web.listening.addresses", "10.1.2.3",
                "org.osgi.service.http.secure.enabled", "true", "org.osgi.service.http.port.secure", "8443");
        assertTrue(guard.apply(web));
        assertEquals("false", web.get("org.osgi.service.http.enabled"));

        Dictionary<String, Object> loopback = config("org.ops4j.pax.web", "org.ops4j.pax.web.listening.addresses", "127.0.0.1",
                "org.osgi.service.http.secure.enabled", "true");
        assertFalse(guard.apply(loopback));
        assertNull(loopback.get("org.osgi.service.http.enabled"));
    }

    @Test
    public void loopbackMeansLoopbackLiterallyNotAHostName() {
        assertTrue(LoopbackGuard.isLoopback("127.0.0.1"));
        assertTrue(LoopbackGuard.isLoopback("127.0.0.2"));
        assertTrue(LoopbackGuard.isLoopback("::1"));
        assertTrue(LoopbackGuard.isLoopback("[::1]"));
        assertTrue(LoopbackGuard.isLoopback("localhost"));
        assertFalse(LoopbackGuard.isLoopback("0.0.0.0"));
        assertFalse(LoopbackGuard.isLoopback("::"));
        assertFalse(LoopbackGuard.isLoopback("hub.example.lg.jp"));
        assertEquals(List.of("0.0.0.0"), LoopbackGuard.beyondLoopback("127.0.0.1,0.0.0.0"));
    }

    @Test
    public void theFirstStartGeneratesACertificateThatATlsClientOn127001Accepts() throws Exception {
        Path keystore = tmp.getRoot().toPath().resolve("etc/https/keystore.p12");
        Dictionary<String, Object> web = config("org.ops4j.pax.web", "org.ops4j.pax.web.listening.addresses", "127.0.0.1",
                "org.osgi.service.http.secure.enabled", "true", "org.ops4j.pax.web.ssl.keystore", keystore.toString(),
                "org.ops4j.pax.web.ssl.keystore.password", "test-pass");
        assertTrue("generated: a server that started without it must get its settings again",
                new LoopbackGuard(List::of).apply(web));
        assertTrue(Files.isRegularFile(keystore));
        assertEquals("kept", HttpsKeystore.ensure(keystore, "test-pass".toCharArray()));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore)));
        handshake(HttpsKeystore.load(keystore, "test-pass".toCharArray()), "test-pass");
    }

    @Test
    public void aPemPairDroppedNextToTheKeystoreReplacesItsCertificate() throws Exception {
        Path dir = tmp.newFolder("other").toPath();
        Path theirs = dir.resolve("theirs.p12");
        HttpsKeystore.generate(theirs, "x-pass".toCharArray());
        KeyStore ks = HttpsKeystore.load(theirs, "x-pass".toCharArray());
        X509Certificate cert = (X509Certificate) ks.getCertificate(HttpsKeystore.ALIAS);
        byte[] key = ks.getKey(HttpsKeystore.ALIAS, "x-pass".toCharArray()).getEncoded();

        Path https = tmp.newFolder("https").toPath();
        Path keystore = https.resolve("keystore.p12");
        HttpsKeystore.generate(keystore, "test-pass".toCharArray());
        Thread.sleep(1100); // file times have a resolution of a second on some file systems
        Files.writeString(https.resolve("certificate.pem"), pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(https.resolve("private-key.pem"), pem("PRIVATE KEY", key));
        assertEquals("imported", HttpsKeystore.ensure(keystore, "test-pass".toCharArray()));
        KeyStore now = HttpsKeystore.load(keystore, "test-pass".toCharArray());
        assertEquals(cert, now.getCertificate(HttpsKeystore.ALIAS));
        assertEquals("kept", HttpsKeystore.ensure(keystore, "test-pass".toCharArray()));
        handshake(now, "test-pass");

        Files.writeString(https.resolve("private-key.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        try {
            HttpsKeystore.ensure(keystore, "test-pass".toCharArray());
            throw new AssertionError("accepted a key that is not PKCS#8");
        } catch (java.security.GeneralSecurityException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("openssl pkcs8 -topk8"));
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** A TLS server on 127.0.0.1 with the keystore, and a client that trusts only its certificate and checks the name. */
    private static void handshake(KeyStore keystore, String password) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keystore, password.toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("hub", keystore.getCertificate(HttpsKeystore.ALIAS));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        try (SSLServerSocket ss = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept(); InputStream in = s.getInputStream()) {
                    return in.read();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", ss.getLocalPort())) {
                javax.net.ssl.SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name 127.0.0.1
                s.setSSLParameters(p);
                s.startHandshake();
                OutputStream out = s.getOutputStream();
                out.write(42);
                out.flush();
                assertEquals(42, (int) served.get(10, TimeUnit.SECONDS));
            }
        }
    }
}
