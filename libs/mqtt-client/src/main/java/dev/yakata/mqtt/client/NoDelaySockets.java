package dev.yakata.mqtt.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.function.Consumer;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Socket factories that turn Nagle's algorithm off. An MQTT session sends small packets and waits for the answer
 * (a swipe, its PUBACK, the unlock command): with Nagle on, a packet waits for the TCP acknowledgement of the one
 * before, which the peer delays by up to 40 ms, and that was the bulk of the swipe-to-unlock time over MQTT.
 * Paho creates its socket unconnected ({@link SocketFactory#createSocket()}) and connects it itself, so that is the
 * call that matters; the others are there for completeness. A session's factory also hands every socket it makes to
 * the session ({@link #tracking}), which closes them itself when it abandons a client that Paho would not release.
 */
final class NoDelaySockets {

    private NoDelaySockets() {
    }

    /** For {@code tcp://}: Paho refuses an {@link SSLSocketFactory} there. */
    static SocketFactory plain() {
        return new Plain(SocketFactory.getDefault(), NOWHERE);
    }

    /** For {@code ssl://}, around the trust store's factory. */
    static SSLSocketFactory tls(SSLSocketFactory delegate) {
        return new Tls(delegate, NOWHERE);
    }

    /**
     * The same kind of factory (plain or TLS: Paho checks which), also handing each socket it makes to {@code made}
     * before it is connected.
     *
     * @param factory one of {@link #plain()} and {@link #tls}, as {@link BrokerSettings} always gives
     */
    static SocketFactory tracking(SocketFactory factory, Consumer<Socket> made) {
        if (factory instanceof Plain plain) {
            return new Plain(plain.delegate, made);
        }
        if (factory instanceof Tls tls) {
            return new Tls(tls.delegate, made);
        }
        // An untracked socket would outlive an abandoned attempt: refuse rather than leak.
        throw new IllegalArgumentException("not a NoDelaySockets factory: " + factory);
    }

    private static final Consumer<Socket> NOWHERE = socket -> {
    };

    private static Socket noDelay(Socket socket, Consumer<Socket> made) throws IOException {
        made.accept(socket);
        socket.setTcpNoDelay(true);
        return socket;
    }

    private static final class Plain extends SocketFactory {
        private final SocketFactory delegate;
        private final Consumer<Socket> made;

        Plain(SocketFactory delegate, Consumer<Socket> made) {
            this.delegate = delegate;
            this.made = made;
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(delegate.createSocket(), made);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port), made);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(delegate.createSocket(host, port, localHost, localPort), made);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port), made);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return noDelay(delegate.createSocket(address, port, localAddress, localPort), made);
        }
    }

    private static final class Tls extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        private final Consumer<Socket> made;

        Tls(SSLSocketFactory delegate, Consumer<Socket> made) {
            this.delegate = delegate;
            this.made = made;
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(delegate.createSocket(), made);
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            return noDelay(delegate.createSocket(socket, host, port, autoClose), made);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port), made);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(delegate.createSocket(host, port, localHost, localPort), made);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port), made);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return noDelay(delegate.createSocket(address, port, localAddress, localPort), made);
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }
    }
}
