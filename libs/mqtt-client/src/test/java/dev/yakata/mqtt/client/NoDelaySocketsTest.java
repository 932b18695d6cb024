package dev.yakata.mqtt.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;
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

    @Test
    public void aTrackingFactoryHandsEachSocketOverBeforeItIsConnected() throws Exception {
        List<Socket> made = new CopyOnWriteArrayList<>();
        SocketFactory tracking = NoDelaySockets.tracking(NoDelaySockets.plain(), made::add);
        try (Socket socket = tracking.createSocket()) {
            assertEquals(1, made.size());
            assertSame(socket, made.get(0));
            assertTrue(!socket.isConnected() && socket.getTcpNoDelay());
        }
    }

    @Test(expected = IllegalArgumentException.class)
    public void aFactoryThatCannotTrackItsSocketsIsRefused() {
        NoDelaySockets.tracking(SocketFactory.getDefault(), socket -> { });
    }
}
