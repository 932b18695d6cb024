package dev.yakata.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import org.junit.jupiter.api.Test;

class JvmResourcesTest {

    @Test
    void unixSocketsAreDescribedWithTheirPathAndState() throws Exception {
        assumeTrue(JvmResources.socketsVisible(), "no /proc/self/fd here");
        Path dir = Files.createTempDirectory("yakata-tck-unix");
        Path path = dir.resolve("door.sock");
        JvmResources.Held before = JvmResources.held();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path));
                    SocketChannel accepted = server.accept()) {
                Collection<String> described = JvmResources.describeSockets(JvmResources.held().since(before).sockets())
                        .values();

                assertTrue(described.contains("unix stream " + path + " LISTEN"), described::toString);
                assertTrue(described.contains("unix stream " + path + " CONNECTED"), described::toString);
                assertTrue(described.contains("unix stream (unnamed) CONNECTED"), described::toString);
            }
        } finally {
            Files.deleteIfExists(path);
            Files.delete(dir);
        }
    }
}
