package dev.yakata.adapter.onvif.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Assume;

/**
 * The kernel's view of a loopback server's TCP connections ({@code /proc/net/tcp} and {@code tcp6}, Linux only), so a
 * test sees what the camera sees: a connection the client closed while the server still held its request open is in
 * CLOSE_WAIT on the server's side.
 */
final class Sockets {

    private static final String CLOSE_WAIT = "08";

    private Sockets() {
    }

    /** The server-side connections of {@code port} whose client hung up before the server answered and closed. */
    static int hungUpOn(int port) {
        Path tcp = Path.of("/proc/net/tcp");
        Assume.assumeTrue("needs Linux's /proc/net/tcp", Files.isReadable(tcp));
        String local = String.format(":%04X", port);
        int count = 0;
        for (Path table : List.of(tcp, Path.of("/proc/net/tcp6"))) {
            if (!Files.isReadable(table)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(table)) {
                    String[] f = line.trim().split("\\s+");
                    // sl local_address rem_address st ...
                    if (f.length > 3 && f[1].endsWith(local) && f[3].equals(CLOSE_WAIT)) {
                        count++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return count;
    }
}
