package dev.yakata.example.counter;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointValue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Component;

/**
 * The smallest useful adapter: every device that names {@code adapter = example-counter} publishes a counter on
 * its point {@code counter} every 200 ms and answers the action {@code reset}. It is built against yakata-api
 * alone, as a vendor's adapter is, and the integration tests hot-deploy it through {@code deploy/}.
 */
@Component(property = DeviceAdapter.ADAPTER_ID + "=example-counter")
public class CounterAdapter implements DeviceAdapter {

    @Override
    public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
        AtomicLong count = new AtomicLong();
        ScheduledFuture<?> ticker = context.scheduler().scheduleAtFixedRate(
                () -> context.publishValue("counter", PointValue.good(count.incrementAndGet())), 0, 200, TimeUnit.MILLISECONDS);
        context.updateStatus(DeviceStatus.online());
        return new DeviceHandler() {
            @Override
            public CompletionStage<CommandOutcome> execute(Command command) {
                if (!command.action().equals("reset")) {
                    return CompletableFuture.completedFuture(CommandOutcome.rejected(command,
                            "unknown action '" + command.action() + "'; this device knows: reset"));
                }
                count.set(0);
                return CompletableFuture.completedFuture(CommandOutcome.completed(command));
            }

            @Override
            public void close() {
                ticker.cancel(false);
            }
        };
    }
}
