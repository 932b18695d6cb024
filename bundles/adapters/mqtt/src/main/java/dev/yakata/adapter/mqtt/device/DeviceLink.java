package dev.yakata.adapter.mqtt.device;

import java.util.concurrent.CompletableFuture;

/**
 * A device's way to the broker: a session of its own ({@link OwnSession}) or its place in a session the adapter
 * shares among devices on the same broker ({@link SharedSession}). The device hears back as a {@link SessionMember}.
 */
interface DeviceLink extends AutoCloseable {

    /** Starts connecting (own session) or joins (shared); the member hears of its subscription either way. */
    void start();

    /** Whether a command published now goes to the broker: the session is up and the device's filters were granted. */
    boolean isConnected();

    CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain);

    /** Ends the device's part: its own session, or its subscriptions in the shared one. */
    @Override
    void close();
}
