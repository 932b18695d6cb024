package com.example.shutterworks.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator against a raw socket client, line by line as PROTOCOL.md gives them. */
class ShutterWorksSimulatorTest {

    private ShutterWorksSimulator simulator;

    @BeforeEach
    void start() throws IOException {
        simulator = ShutterWorksSimulator.builder().port(0).password("pw 1").travel(Duration.ofMillis(600)).start();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void greetsWithItsProtocolVersion() throws IOException {
        try (Raw c = new Raw(simulator.port())) {
            assertEquals("HELLO SWP/1.0 ExampleShutterWorks SW-200 3.1.0", c.read());
        }
    }

    @Test
    void aPasswordWithSpacesLogsInAndTheCurrentStateFollows() throws IOException {
        try (Raw c = loggedIn()) {
            c.send("STATUS s1");
            assertEquals("STATE state=OPEN position=0.0 obstruction=0 closed=0 cause=status", c.read());
            assertEquals("OK s1", c.read());
        }
    }

    @Test
    void aWrongPasswordIsRefusedAndTheConnectionClosed() throws IOException {
        try (Raw c = new Raw(simulator.port())) {
            c.read();
            c.send("LOGIN a wrong");
            assertEquals("ERR a 403 wrong password", c.read());
            assertEquals("BYE 403 login refused", c.read());
            assertNull(c.read(), "closed after the refusal");
        }
    }

    @Test
    void requestsBeforeLoginAreRefused() throws IOException {
        try (Raw c = new Raw(simulator.port())) {
            c.read();
            c.send("CLOSE c1");
            assertEquals("ERR c1 401 log in first", c.read());
        }
    }

    @Test
    void malformedLinesGetOnePreciseErrorEachAndTheConnectionSurvives() throws IOException {
        try (Raw c = loggedIn()) {
            c.send("x".repeat(300));
            assertEquals("ERR - 413 line longer than 256 bytes", c.read());
            c.sendBytes(new byte[] {'P', 'I', 'N', 'G', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
            assertEquals("ERR - 400 line is not UTF-8", c.read());
            c.send("PING a\u0001");
            assertEquals("ERR - 400 control character in line", c.read());
            c.send("ping p1");
            assertEquals("ERR - 400 expected '<VERB> <tag>'", c.read());
            c.send("PING");
            assertEquals("ERR - 400 PING needs a tag: PING <tag>", c.read());
            c.send("PING tag-with-dash");
            assertEquals("ERR - 400 bad tag 'tag-with-dash' (1 to 12 characters A-Z a-z 0-9)", c.read());
            c.send("JUMP j1");
            assertEquals("ERR j1 404 unknown request 'JUMP'", c.read());
            c.send("OPEN o1 now");
            assertEquals("ERR o1 400 OPEN takes no arguments", c.read());
            c.send("");
            c.send("PING p2\r");
            assertEquals("OK p2", c.read(), "still answering, CRLF accepted, the empty line ignored");
        }
    }

    @Test
    void closeTravelsAndAnswersAtTheClosedLimit() throws IOException {
        try (Raw c = loggedIn()) {
            c.send("CLOSE c1");
            assertEquals("STATE state=CLOSING position=0.0 obstruction=0 closed=0 cause=request tag=c1", c.read());
            String line;
            int travel = 0;
            while ((line = c.read()).contains("cause=travel")) {
                assertTrue(line.startsWith("STATE state=CLOSING position="), line);
                travel++;
            }
            assertTrue(travel >= 5, "STATE at every 5 % of the way, " + travel + " seen");
            assertEquals("STATE state=CLOSED position=100.0 obstruction=0 closed=1 cause=limit tag=c1", line);
            assertEquals("OK c1", c.read());
            c.send("CLOSE c2");
            assertEquals("OK c2 already CLOSED", c.read());
        }
    }

    @Test
    void closeIsRefusedWhileAnObstructionIsSensed() throws IOException {
        try (Raw c = loggedIn()) {
            simulator.obstruct(true);
            assertEquals("STATE state=OPEN position=0.0 obstruction=1 closed=0 cause=obstruction", c.read());
            c.send("CLOSE c1");
            assertEquals("ERR c1 409 obstruction sensed under the shutter; clear it before closing", c.read());
            assertEquals(ShutterWorksSimulator.State.OPEN, simulator.snapshot().state());
        }
    }

    @Test
    void anObstructionWhileClosingStopsTheShutterAndFailsTheClose() throws IOException, InterruptedException {
        try (Raw c = loggedIn()) {
            c.send("CLOSE c1");
            c.read();
            Thread.sleep(150);
            simulator.obstruct(true);
            String line;
            while (!(line = c.read()).startsWith("ERR")) {
                if (line.contains("cause=obstruction")) {
                    assertTrue(line.startsWith("STATE state=STOPPED"), line);
                }
            }
            assertTrue(line.startsWith("ERR c1 410 obstruction sensed at "), line);
        }
    }

    @Test
    void aSilencedControllerKeepsTheConnectionButAnswersNothing() throws IOException {
        try (Raw c = loggedIn()) {
            simulator.silence();
            c.send("PING p1");
            assertThrows(SocketTimeoutException.class, c::read);
            simulator.answer();
            c.send("PING p2");
            assertEquals("OK p2", c.read(), "the request sent while silent is lost, not answered late");
        }
    }

    @Test
    void droppedConnectionsAreRefusedUntilAcceptedAgain() throws IOException {
        try (Raw c = loggedIn()) {
            simulator.dropConnections();
            assertNull(c.read(), "the connection is cut");
        }
        assertThrows(ConnectException.class, () -> new Raw(simulator.port()).close());
        simulator.acceptConnections();
        try (Raw again = loggedIn()) {
            again.send("PING p");
            assertEquals("OK p", again.read());
        }
    }

    private Raw loggedIn() throws IOException {
        Raw c = new Raw(simulator.port());
        c.read();
        c.send("LOGIN l pw 1");
        assertEquals("OK l", c.read());
        assertTrue(c.read().startsWith("STATE "));
        return c;
    }

    /** A blocking line client with a short read timeout. */
    private static final class Raw implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Raw(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(1500); // above the 1 s a refused login waits before the close
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        void send(String line) throws IOException {
            sendBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
        }

        void sendBytes(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** The next line, or null when the controller closed the connection. */
        String read() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
            return line.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
