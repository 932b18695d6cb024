package dev.yakata.tck;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.adapter.EventPublication;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.event.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Everything one contract run sees the adapter do, recorded by transparent wrappers around the adapter, its handlers
 * and the contexts the hub gives them. The hub calls the wrappers exactly as it would call the adapter, so its time
 * limits and checks apply to the adapter unchanged; the wrappers only note when each call began and ended, what it
 * returned or threw, and what the adapter published through its context.
 */
final class Watch {

    /** One opening of the device: the hub's open() call and what came of it. */
    static final class Opening {
        /** Which instance of the adapter (1: the one the hub keeps; 2: the second registration, which it ignores). */
        final int instance;
        final long openStart = System.nanoTime();
        volatile long openEnd;
        volatile Throwable openFailure;
        volatile boolean returnedNull;
        volatile long closeStart;
        volatile long closeEnd;
        volatile Throwable closeFailure;

        Opening(int instance) {
            this.instance = instance;
        }

        boolean openReturned() {
            return openEnd != 0;
        }

        /** After this the hub ignores what the opening publishes: close() returned, or open() failed. */
        long endedAt() {
            if (closeEnd != 0) {
                return closeEnd;
            }
            return openEnd != 0 && (openFailure != null || returnedNull) ? openEnd : 0;
        }
    }

    /** One execute() call. */
    static final class Execution {
        final Command command;
        final long start = System.nanoTime();
        volatile long end;
        volatile Throwable thrown;
        volatile CompletionStage<CommandOutcome> stage;

        Execution(Command command) {
            this.command = command;
        }
    }

    /** One publishValue() call. */
    record ValueCall(Opening opening, long at, Instant wall, String pointId, PointValue value) {
    }

    /** One event publish(). */
    record EventCall(Opening opening, long at, String type, Map<String, Object> data, String correlationId) {
    }

    /** One updateStatus() call. */
    record StatusCall(Opening opening, long at, DeviceStatus status) {
    }

    final List<Opening> openings = new CopyOnWriteArrayList<>();
    final List<Execution> executions = new CopyOnWriteArrayList<>();
    final List<ValueCall> values = new CopyOnWriteArrayList<>();
    final List<EventCall> events = new CopyOnWriteArrayList<>();
    final List<StatusCall> statuses = new CopyOnWriteArrayList<>();
    final List<RuntimeException> secretSettingsFailures = new CopyOnWriteArrayList<>();
    final List<WatchedScheduler.Thrown> taskFailures = new CopyOnWriteArrayList<>();

    DeviceAdapter wrap(DeviceAdapter adapter, int instance) {
        return new WatchedAdapter(adapter, instance);
    }

    /** The latest opening of the instance the hub keeps, or null. */
    Opening current() {
        Opening latest = null;
        for (Opening o : openings) {
            if (o.instance == 1) {
                latest = o;
            }
        }
        return latest;
    }

    Execution execution(String commandId) {
        return executions.stream().filter(e -> e.command.id().equals(commandId)).findFirst().orElse(null);
    }

    private final class WatchedAdapter implements DeviceAdapter {
        private final DeviceAdapter adapter;
        private final int instance;

        WatchedAdapter(DeviceAdapter adapter, int instance) {
            this.adapter = adapter;
            this.instance = instance;
        }

        @Override
        public DeviceHandler open(DeviceDefinition device, DeviceContext context) throws Exception {
            Opening opening = new Opening(instance);
            openings.add(opening);
            DeviceHandler handler;
            try {
                handler = adapter.open(device, new WatchedContext(context, opening));
            } catch (Exception | Error e) {
                opening.openFailure = e;
                opening.openEnd = System.nanoTime();
                throw e;
            }
            opening.returnedNull = handler == null;
            opening.openEnd = System.nanoTime();
            return handler == null ? null : new WatchedHandler(handler, opening);
        }

        @Override
        public Set<String> secretSettings() {
            try {
                return adapter.secretSettings();
            } catch (RuntimeException e) {
                secretSettingsFailures.add(e);
                throw e;
            }
        }
    }

    private final class WatchedHandler implements DeviceHandler {
        private final DeviceHandler handler;
        private final Opening opening;

        WatchedHandler(DeviceHandler handler, Opening opening) {
            this.handler = handler;
            this.opening = opening;
        }

        @Override
        public CompletionStage<CommandOutcome> execute(Command command) {
            Execution execution = new Execution(command);
            executions.add(execution);
            CompletionStage<CommandOutcome> stage;
            try {
                stage = handler.execute(command);
            } catch (RuntimeException | Error e) {
                execution.thrown = e;
                execution.end = System.nanoTime();
                throw e;
            }
            execution.stage = stage;
            execution.end = System.nanoTime();
            return stage;
        }

        @Override
        public void close() {
            opening.closeStart = System.nanoTime();
            try {
                handler.close();
            } catch (RuntimeException | Error e) {
                opening.closeFailure = e;
                throw e;
            } finally {
                opening.closeEnd = System.nanoTime();
            }
        }
    }

    private final class WatchedContext implements DeviceContext {
        private final DeviceContext context;
        private final Opening opening;
        private final ScheduledExecutorService scheduler;

        WatchedContext(DeviceContext context, Opening opening) {
            this.context = context;
            this.opening = opening;
            this.scheduler = new WatchedScheduler(context.scheduler(), taskFailures::add);
        }

        @Override
        public DeviceDefinition device() {
            return context.device();
        }

        @Override
        public void publishValue(String pointId, PointValue value) {
            values.add(new ValueCall(opening, System.nanoTime(), Instant.now(), pointId, value));
            context.publishValue(pointId, value);
        }

        @Override
        public EventPublication event(String type) {
            return new WatchedPublication(context.event(type), type, opening);
        }

        @Override
        public void updateStatus(DeviceStatus status) {
            statuses.add(new StatusCall(opening, System.nanoTime(), status));
            context.updateStatus(status);
        }

        @Override
        public ScheduledExecutorService scheduler() {
            return scheduler;
        }
    }

    private final class WatchedPublication implements EventPublication {
        private final EventPublication publication;
        private final String type;
        private final Opening opening;
        private final Map<String, Object> data = new LinkedHashMap<>();
        private String correlationId = "";

        WatchedPublication(EventPublication publication, String type, Opening opening) {
            this.publication = publication;
            this.type = type;
            this.opening = opening;
        }

        @Override
        public EventPublication severity(Severity severity) {
            publication.severity(severity);
            return this;
        }

        @Override
        public EventPublication put(String key, Object value) {
            data.put(key, value);
            publication.put(key, value);
            return this;
        }

        @Override
        public EventPublication data(Map<String, ?> values) {
            if (values != null) {
                data.putAll(values);
            }
            publication.data(values);
            return this;
        }

        @Override
        public EventPublication subject(String subject) {
            publication.subject(subject);
            return this;
        }

        @Override
        public EventPublication deviceTime(Instant deviceTime) {
            publication.deviceTime(deviceTime);
            return this;
        }

        @Override
        public EventPublication correlationId(String value) {
            correlationId = value == null ? "" : value;
            publication.correlationId(value);
            return this;
        }

        @Override
        public void publish() {
            events.add(new EventCall(opening, System.nanoTime(), type, new LinkedHashMap<>(data), correlationId));
            publication.publish();
        }
    }
}
