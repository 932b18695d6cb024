package dev.yakata.itest;

import dev.yakata.mqtt.client.MosquittoBroker;
import java.nio.file.Files;

/**
 * The integration tests' own Mosquitto, started in the driver JVM before the container boots and stopped when that
 * JVM exits. A class of its own so that the test class, which also loads inside the container, never names
 * MosquittoBroker (the container does not have it).
 */
final class TestBroker {

    private TestBroker() {
    }

    /** Starts the broker on a free 127.0.0.1 port and returns the port. */
    static int start() throws Exception {
        MosquittoBroker broker = new MosquittoBroker(Files.createTempDirectory("yakata-itest-mosquitto")).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        return broker.port();
    }
}
