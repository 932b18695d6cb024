package dev.yakata.mqtt.client;

import static org.junit.Assert.assertTrue;

import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.Test;

/** The sessions' sockets send each small packet at once (Nagle off), plain and TLS alike. */
public class NoDelaySocketsTest {

    @Test
    public void plainAndTlsSocketsHaveNagleOff() throws Exception {
        try (Socket plain = NoDelaySockets.plain().createSocket()) {
            assertTrue(plain.getTcpNoDelay());
        }
        try (Socket tls = NoDelaySockets.tls((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket()) {
            assertTrue(tls.getTcpNoDelay());
        }
    }
}
