package dev.yakata.mqtt.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * How to reach and log in to one broker: URL ({@code tcp://host:1883} or {@code ssl://host:8883}), optional user
 * and password, and for TLS a trust store (PKCS#12/JKS, or a PEM file of CA certificates as Mosquitto users keep
 * them). Shared by MQTT devices and the northbound bridge so both connect the same way.
 *
 * @param url            the broker URL
 * @param username       the user, or {@code null} for an anonymous login
 * @param password       the password, or {@code null}
 * @param trustStore     the trust store file, or {@code null} for the JVM's default trust
 * @param trustStorePassword the trust store's password, or {@code null}
 * @param keepAliveSeconds MQTT keep-alive; a dead broker is noticed after about 1.5 times this
 * @param connectTimeoutSeconds how long one connection attempt may take; more than 0
 */
public record BrokerSettings(String url, String username, String password, Path trustStore, String trustStorePassword,
        int keepAliveSeconds, int connectTimeoutSeconds) {

    public BrokerSettings {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("tcp") && !scheme.equals("ssl") || uri.getHost() == null) {
                throw new IllegalArgumentException("broker URL '" + url
                        + "' is not tcp://host:port or ssl://host:port, e.g. tcp://127.0.0.1:1883");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("broker URL '" + url + "' is not a URL (" + e.getReason()
                    + "), e.g. tcp://127.0.0.1:1883");
        }
        if (connectTimeoutSeconds <= 0) {
            throw new IllegalArgumentException("connect timeout " + connectTimeoutSeconds
                    + " s is not positive; give the seconds one connection attempt may take, e.g. 10");
        }
        if (trustStore != null && !isTls(url)) {
            throw new IllegalArgumentException("a trust store is set but broker URL '" + url
                    + "' is not TLS; use ssl://host:port or remove the trust store");
        }
    }

    private static boolean isTls(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith("ssl:");
    }

    /**
     * Connection options for Paho: clean start, credentials, TLS; no automatic reconnect, since the callers report
     * each outage as a status and schedule their own retries.
     *
     * @throws IllegalArgumentException when the trust store cannot be read, with the file and the cause
     */
    public MqttConnectionOptions connectionOptions() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(keepAliveSeconds);
        options.setConnectionTimeout(connectTimeoutSeconds);
        if (username != null) {
            options.setUserName(username);
        }
        if (password != null) {
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        options.setSocketFactory(socketFactory());
        if (trustStore != null) {
            options.setHttpsHostnameVerificationEnabled(true);
        }
        return options;
    }

    /** The same for Paho's MQTT 3.1.1 client (devices with {@code mqtt.version = 3.1.1}). */
    public org.eclipse.paho.client.mqttv3.MqttConnectOptions connectOptions311() {
        org.eclipse.paho.client.mqttv3.MqttConnectOptions options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        options.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(keepAliveSeconds);
        options.setConnectionTimeout(connectTimeoutSeconds);
        if (username != null) {
            options.setUserName(username);
        }
        if (password != null) {
            options.setPassword(password.toCharArray());
        }
        options.setSocketFactory(socketFactory());
        if (trustStore != null) {
            options.setHttpsHostnameVerificationEnabled(true);
        }
        return options;
    }

    /**
     * Sockets without Nagle's algorithm (see {@link NoDelaySockets}); for {@code ssl://} Java's own TLS, or the
     * configured trust store's.
     */
    javax.net.SocketFactory socketFactory() {
        if (url.toLowerCase(Locale.ROOT).startsWith("ssl://")) {
            return NoDelaySockets.tls(trustStore != null ? sslContext().getSocketFactory()
                    : (javax.net.ssl.SSLSocketFactory) javax.net.ssl.SSLSocketFactory.getDefault());
        }
        return NoDelaySockets.plain();
    }

    private SSLContext sslContext() {
        try {
            KeyStore store = loadTrustStore();
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read trust store " + trustStore + ": " + e.getMessage()
                    + "; give a PKCS#12 or JKS file with its password, or a PEM file of CA certificates", e);
        }
    }

    private KeyStore loadTrustStore() throws IOException, GeneralSecurityException {
        String name = trustStore.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".pem") || name.endsWith(".crt")) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            try (InputStream in = Files.newInputStream(trustStore)) {
                int n = 0;
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("ca-" + n++, certificate);
                }
                if (n == 0) {
                    throw new GeneralSecurityException("no certificate in the file");
                }
            }
            return store;
        }
        char[] secret = trustStorePassword == null ? null : trustStorePassword.toCharArray();
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore store = KeyStore.getInstance(name.endsWith(".jks") ? "JKS" : "PKCS12");
            store.load(in, secret);
            return store;
        }
    }

    /** The URL with the user, never the password: what logs and status reasons show. */
    public String describe() {
        return username == null ? url : username + "@" + url;
    }

    /** Never the passwords: a record's own toString would print them wherever the settings are logged. */
    @Override
    public String toString() {
        return "BrokerSettings[" + describe() + (password == null ? "" : ", password ***")
                + (trustStore == null ? "" : ", trust store " + trustStore + (trustStorePassword == null ? "" : " ***"))
                + ", keep-alive " + keepAliveSeconds + " s, connect timeout " + connectTimeoutSeconds + " s]";
    }
}
