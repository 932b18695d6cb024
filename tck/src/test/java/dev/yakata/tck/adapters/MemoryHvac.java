package dev.yakata.tck.adapters;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.StatusDetail;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An air conditioner that lives in memory ({@code supply-temp}, a writable {@code setpoint}), driven the way the
 * contract asks: polled on the device's scheduler, OFFLINE with bad values while disconnected or silent, commands
 * completed from the device and dropped once the hub cancels them. The bad adapters of the TCK's tests each break it
 * in one place.
 */
public class MemoryHvac implements DeviceAdapter {

    public static final String ID = "memory-hvac";
    public static final String DEVICE_FILE = """
            # a test air conditioner that lives in memory
            device.type = hvac
            adapter = memory-hvac
            name = Memory air conditioner
            zone = L2
            point.supply-temp.kind = analog
            point.supply-temp.unit = \\u00b0C
            point.setpoint.kind = analog
            point.setpoint.writable = true
            """;

    /** The device's wire: cleared by the disconnect hook. */
    public final AtomicBoolean connected = new AtomicBoolean(true);
    /** The device answers: cleared by the silence hook. */
    public final AtomicBoolean answering = new AtomicBoolean(true);
    volatile double setpoint = 22.0;

    @Override
    public DeviceHandler open(DeviceDefinition device, DeviceContext context) throws Exception {
        return new Handler(context);
    }

    protected class Handler implements DeviceHandler {
        protected final DeviceContext context;
        private final List<Runnable> onClose = new CopyOnWriteArrayList<>();
        private final List<Runnable> writes = new CopyOnWriteArrayList<>();
        private final ScheduledFuture<?> poll;
        private int silentPolls;

        protected Handler(DeviceContext context) {
            this.context = context;
            poll = context.scheduler().scheduleWithFixedDelay(this::poll, 0, 100, TimeUnit.MILLISECONDS);
        }

        /** One poll of the device. */
        protected synchronized void poll() {
            if (!connected.get()) {
                offline("the memory device's wire is cut");
                return;
            }
            if (!answering.get()) {
                if (++silentPolls >= 3) {
                    offline("the memory device did not answer " + silentPolls + " polls");
                }
                return;
            }
            silentPolls = 0;
            runWrites();
            context.publishValue("supply-temp", PointValue.good(21.5));
            context.publishValue("setpoint", PointValue.good(setpoint));
            context.updateStatus(DeviceStatus.online());
        }

        /** Carries out the writes commanded since the last poll. */
        protected void runWrites() {
            writes.forEach(Runnable::run);
            writes.clear();
        }

        protected void offline(String reason) {
            context.publishValue("supply-temp", PointValue.bad());
            context.publishValue("setpoint", PointValue.bad());
            context.updateStatus(DeviceStatus.offline(StatusDetail.COMMUNICATION_ERROR, reason));
        }

        @Override
        public CompletionStage<CommandOutcome> execute(Command command) {
            if (!Command.WRITE.equals(command.action()) || !"setpoint".equals(command.pointId())) {
                return CompletableFuture.completedFuture(CommandOutcome.rejected(command, "the memory air conditioner takes"
                        + " only setpoint writes"));
            }
            CompletableFuture<CommandOutcome> answer = new CompletableFuture<>();
            writes.add(() -> {
                if (!answer.isDone()) { // cancelled by the hub: dropped
                    setpoint = (Double) command.arguments().get(Command.VALUE);
                    answer.complete(CommandOutcome.completed(command));
                }
            });
            onClose.add(() -> answer.complete(CommandOutcome.failed(command, "the device was closed")));
            return answer;
        }

        @Override
        public void close() {
            poll.cancel(false);
            onClose.forEach(Runnable::run);
        }
    }
}
