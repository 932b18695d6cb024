package dev.yakata.postures.internal;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointValue;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plain point device, for a shutter whose close is the action language's ({@code action.close = motor=true},
 * {@code refuseWhen obstruction=true}): it takes point writes and reports them back, and records each write, so a
 * test sees whether anything reached the device.
 */
final class PointsAdapter implements DeviceAdapter {

    final List<Command> writes = new CopyOnWriteArrayList<>();
    final Map<String, DeviceContext> contexts = new ConcurrentHashMap<>();

    @Override
    public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
        contexts.put(device.id(), context);
        context.updateStatus(DeviceStatus.online());
        return new DeviceHandler() {
            @Override
            public CompletableFuture<CommandOutcome> execute(Command command) {
                writes.add(command);
                context.publishValue(command.pointId(), PointValue.good(command.arguments().get(Command.VALUE)));
                return CompletableFuture.completedFuture(CommandOutcome.completed(command));
            }

            @Override
            public void close() {
            }
        };
    }
}
