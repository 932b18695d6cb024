package dev.yakata.core.internal;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.EventPublication;
import dev.yakata.core.model.Values;
import java.time.Instant;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What one opening of a device gives its handler. Bound to that opening's generation: once the handler's close()
 * has returned, or the device is reopened, everything published through this context is ignored; until then it
 * counts, so nothing a device published before it was told to close is lost.
 */
final class DeviceContextImpl implements DeviceContext {

    private final DeviceLifecycle lifecycle;
    private final ManagedDevice device;
    private final int generation;
    private final DeviceDefinition definition;
    private final ScheduledExecutorService scheduler;

    DeviceContextImpl(DeviceLifecycle lifecycle, ManagedDevice device, int generation, ScheduledExecutorService scheduler) {
        this.lifecycle = lifecycle;
        this.device = device;
        this.generation = generation;
        this.definition = device.definition;
        this.scheduler = scheduler;
    }

    @Override
    public DeviceDefinition device() {
        return definition;
    }

    @Override
    public void publishValue(String pointId, PointValue value) {
        if (generation != device.publishing.get()) {
            return;
        }
        PointDefinition point = device.pointsById.get(pointId);
        if (point == null) {
            lifecycle.dropLog().warn(definition.id() + "/unknown/" + pointId, "Device '" + definition.id()
                    + "' published unknown point '" + pointId + "'; map it in " + device.source + " or fix the adapter");
            return;
        }
        if (value == null) {
            return;
        }
        PointValue typed = value;
        if (value.value() != null && !point.kind().accepts(value.value())) {
            Object coerced = Values.published(point.kind(), value.value());
            if (coerced == null) {
                lifecycle.dropLog().warn(definition.id() + "/type/" + pointId, "Device '" + definition.id() + "' published "
                        + value.value().getClass().getSimpleName() + " '" + value.value() + "' for " + point.kind()
                        + " point '" + pointId + "'; the value is dropped");
                return;
            }
            typed = new PointValue(coerced, value.quality(), value.timestamp());
        }
        PointValue previous = device.values.get(pointId);
        if (previous != null && previous.quality() == typed.quality() && Objects.equals(previous.value(), typed.value())) {
            return;
        }
        if (!lifecycle.admit(device, generation)) {
            return;
        }
        device.values.put(pointId, typed);
        // The builder's payload goes into the event without a copy: one array per point change, the hot path's garbage.
        lifecycle.bus().publish(Event.builder(EventTypes.POINT_CHANGED, definition.id()).time(typed.timestamp())
                .subject(pointId).zone(definition.zone())
                .put("point", pointId).put("value", typed.value()).put("quality", typed.quality().name())
                .put("unit", point.unit()).put("timestamp", InstantText.of(typed.timestamp())).build());
    }

    @Override
    public EventPublication event(String type) {
        return new Publication(type);
    }

    /** One event on its way from the handler to the bus; checked and stamped by the hub when published. */
    private final class Publication implements EventPublication {
        private final String type;
        private final Event.Builder builder;
        private final Map<String, Object> data = new LinkedHashMap<>();
        private boolean published;

        Publication(String type) {
            this.type = type;
            builder = type == null ? null : Event.builder(type, definition.id()).zone(definition.zone());
        }

        @Override
        public EventPublication severity(Severity severity) {
            if (builder != null && severity != null) {
                builder.severity(severity);
            }
            return this;
        }

        @Override
        public EventPublication put(String key, Object value) {
            data.put(key, value);
            return this;
        }

        @Override
        public EventPublication data(Map<String, ?> values) {
            if (values != null) {
                data.putAll(values);
            }
            return this;
        }

        @Override
        public EventPublication subject(String subject) {
            if (builder != null) {
                builder.subject(subject);
            }
            return this;
        }

        @Override
        public EventPublication deviceTime(Instant deviceTime) {
            if (builder != null) {
                builder.deviceTime(deviceTime);
            }
            return this;
        }

        @Override
        public EventPublication correlationId(String correlationId) {
            if (builder != null) {
                builder.correlationId(correlationId);
            }
            return this;
        }

        @Override
        public void publish() {
            if (builder == null || published || !lifecycle.admit(device, generation)) {
                return;
            }
            published = true;
            protectPersonalData();
            lifecycle.bus().publish(builder.data(data).build());
        }

        /**
         * Replaces personal data (a card number) by its keyed pseudonym before the event leaves the core, so no raw
         * card number is journaled, logged, stored or sent northbound. Which keys are personal, the profile says;
         * a card swipe's {@code card} is, whatever the device's profile.
         */
        private void protectPersonalData() {
            java.util.Set<String> personal = new java.util.HashSet<>();
            if (EventTypes.CARD_SWIPED.equals(type)) {
                personal.add("card");
            }
            dev.yakata.core.model.DeviceConfig config = device.config;
            if (config != null && config.profile() != null) {
                config.profile().event(type).ifPresent(spec -> personal.addAll(spec.personalKeys()));
            }
            for (String key : personal) {
                Object value = data.get(key);
                if (value != null && !PseudonymKey.isPseudonym(value)) {
                    String pseudonym = lifecycle.pseudonyms().ofCard(String.valueOf(value));
                    data.put(key, pseudonym);
                    if ("card".equals(key)) {
                        builder.actor(pseudonym);
                    }
                }
            }
        }
    }

    @Override
    public void updateStatus(DeviceStatus status) {
        if (status != null) {
            lifecycle.reportStatus(device, generation, status);
        }
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }
}
