package dev.yakata.adapter.mqtt.device;

import dev.yakata.util.log.RateLimitedLog;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one device may send: messages no larger than its payload limit and no more of them per second than its rate
 * limit. What breaks a rule, or does not parse, is dropped and counted, and logged at most once per interval per
 * device with the topic and the count, so a flooding or broken device fills neither the bus nor the log.
 */
final class InboundGuard {

    private static final Logger LOG = LoggerFactory.getLogger(InboundGuard.class);

    private final String deviceId;
    private final int maxPayloadBytes;
    private final int maxMessagesPerSecond;
    private long windowStart = System.nanoTime();
    private int inWindow;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder oversized = new LongAdder();
    private final LongAdder flooded = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder unknownTopic = new LongAdder();
    /** One window for the device (not per topic): a device flooding many topics still costs one line per interval. */
    private final RateLimitedLog dropLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));

    InboundGuard(String deviceId, int maxPayloadBytes, int maxMessagesPerSecond) {
        this.deviceId = deviceId;
        this.maxPayloadBytes = maxPayloadBytes;
        this.maxMessagesPerSecond = maxMessagesPerSecond;
    }

    /** Whether a message may be processed; counts and logs it when not. Called on the connection's one thread. */
    boolean admit(String topic, int payloadBytes) {
        if (payloadBytes > maxPayloadBytes) {
            oversized.increment();
            warn(topic, "payload of " + payloadBytes + " bytes is over the limit of " + maxPayloadBytes
                    + " (mqtt.max.payload.bytes)");
            return false;
        }
        long now = System.nanoTime();
        if (now - windowStart >= TimeUnit.SECONDS.toNanos(1)) {
            windowStart = now;
            inWindow = 0;
        }
        if (++inWindow > maxMessagesPerSecond) {
            flooded.increment();
            warn(topic, "more than " + maxMessagesPerSecond + " messages/s (mqtt.max.messages.per.second); dropping the rest of this second");
            return false;
        }
        accepted.increment();
        return true;
    }

    void malformed(String topic, String reason) {
        malformed.increment();
        warn(topic, reason);
    }

    void unknownTopic(String topic) {
        unknownTopic.increment();
        warn(topic, "no point or event of this device is mapped to this topic");
    }

    private void warn(String topic, String reason) {
        long skipped = dropLog.permit("dropped");
        if (skipped >= 0) {
            LOG.warn("MQTT device {} topic {}: {}; message dropped ({} more dropped since the last report; counts: {})",
                    deviceId, topic, reason, skipped, counts());
        }
    }

    /** Counts for the shell and the logs. */
    String counts() {
        return "accepted " + accepted.sum() + ", oversized " + oversized.sum() + ", flooded " + flooded.sum()
                + ", malformed " + malformed.sum() + ", unknown topic " + unknownTopic.sum();
    }
}
