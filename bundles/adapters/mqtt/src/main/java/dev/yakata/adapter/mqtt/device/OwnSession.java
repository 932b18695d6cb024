package dev.yakata.adapter.mqtt.device;

import dev.yakata.mqtt.client.BrokerSession;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A session of the device's own: for a device that names its own {@code mqtt.client.id} (the broker may know it by
 * it) or subscribes a wildcard filter (see {@link SharedSession} for why).
 */
final class OwnSession implements DeviceLink, BrokerSession.Listener {

    private final SessionMember member;
    private final BrokerSession session;
    private final ScheduledExecutorService scheduler;
    private volatile boolean granted;

    OwnSession(MqttDeviceSettings settings, SessionMember member, ScheduledExecutorService scheduler) {
        this.member = member;
        this.scheduler = scheduler;
        this.session = BrokerSession.of(settings.version(), settings.broker(), settings.clientId(), null, scheduler,
                1000, 30_000, this);
    }

    @Override
    public void start() {
        session.start();
    }

    @Override
    public boolean isConnected() {
        return granted && session.isConnected();
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) {
        return session.publish(topic, payload, qos, retain);
    }

    @Override
    public void connected() {
        session.subscribe(member.filters(), member.qos()).whenComplete((ok, failure) -> {
            if (failure != null) {
                granted = false;
                member.refused(session.settings().describe(), failure);
                // off Paho's callback thread: closing waits for the client
                scheduler.execute(session::close);
            } else {
                granted = true;
                member.subscribed();
            }
        });
    }

    @Override
    public void disconnected(String reason) {
        granted = false;
        member.disconnected(reason);
    }

    @Override
    public void messageArrived(String topic, byte[] payload) {
        member.messageArrived(topic, payload);
    }

    @Override
    public void close() {
        granted = false;
        session.close();
    }
}
