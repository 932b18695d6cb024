package dev.yakata.tck.adapters;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.Quality;
import dev.yakata.api.device.StatusDetail;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.profile.Profiles;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Adapters that each break one clause of the contract, so the TCK's tests show it catches and names them. */
public final class BadAdapters {

    private BadAdapters() {
    }

    /** Throws where the contract asks for a status: in open() and secretSettings(). */
    public static final class ThrowsInOpen extends MemoryHvac {
        @Override
        public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
            throw new IllegalStateException("boom");
        }

        @Override
        public Set<String> secretSettings() {
            throw new UnsupportedOperationException("no secrets here");
        }
    }

    /** Opens fine, then throws from execute() and close(). */
    public static final class ThrowsOnceOpen extends MemoryHvac {
        @Override
        public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
            return new Handler(context) {
                @Override
                public CompletionStage<CommandOutcome> execute(Command command) {
                    throw new IllegalArgumentException("cannot write " + command.pointId());
                }

                @Override
                public void close() {
                    super.close();
                    throw new IllegalStateException("socket already closed");
                }
            };
        }
    }

    /** Returns a stage from execute() and never completes it, though the device answers. */
    public static final class NeverCompletesCommands extends MemoryHvac {
        @Override
        public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
            return new Handler(context) {
                @Override
                public CompletionStage<CommandOutcome> execute(Command command) {
                    return new CompletableFuture<>();
                }
            };
        }
    }

    /** Publishes a value 300 ms after close() returned, from a timer of its own. */
    public static final class PublishesAfterClose extends MemoryHvac {
        @Override
        public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
            return new Handler(context) {
                @Override
                public void close() {
                    super.close();
                    CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS)
                            .execute(() -> context.publishValue("supply-temp", PointValue.good(30.0)));
                }
            };
        }
    }

    /** Starts a thread of its own in open() and never stops it. */
    public static final class LeaksAThread extends MemoryHvac {
        @Override
        public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
            Thread poller = new Thread(() -> {
                while (true) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "memory-hvac-poller");
            poller.setDaemon(true);
            poller.start();
            return new Handler(context);
        }
    }

    /** Opens a UDP socket in open() and never closes it. */
    public static final class LeaksASocket extends MemoryHvac {
        @Override
        public DeviceHandler open(DeviceDefinition device, DeviceContext context) throws Exception {
            DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            socket.setSoTimeout(1); // used for nothing, closed by nobody
            return new Handler(context);
        }
    }

    /** Publishes text for a number, a point the file does not have, and a value stamped 1970. */
    public static final class PublishesMalformedValues extends MemoryHvac {
        @Override
        public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
            return new Handler(context) {
                @Override
                protected synchronized void poll() {
                    super.poll();
                    context.publishValue("supply-temp", PointValue.good("warm"));
                    context.publishValue("fan-speed", PointValue.good(3.0));
                    context.publishValue("setpoint", new PointValue(22.0, Quality.GOOD, Instant.ofEpochSecond(12)));
                }
            };
        }
    }

    /** Stays ONLINE with GOOD values whatever happens to its wire. */
    public static final class IgnoresDisconnect extends MemoryHvac {
        @Override
        public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
            return new Handler(context) {
                @Override
                protected synchronized void poll() {
                    runWrites();
                    context.publishValue("supply-temp", PointValue.good(21.5));
                    context.publishValue("setpoint", PointValue.good(setpoint));
                    context.updateStatus(DeviceStatus.online());
                }
            };
        }
    }

    /** Goes OFFLINE without saying why: no reason when the wire is cut, detail NONE when the device is silent. */
    public static final class ReportsWithoutReasons extends MemoryHvac {
        @Override
        public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
            return new Handler(context) {
                @Override
                protected void offline(String reason) {
                    context.publishValue("supply-temp", PointValue.bad());
                    context.publishValue("setpoint", PointValue.bad());
                    context.updateStatus(connected.get() ? DeviceStatus.offline(StatusDetail.NONE, reason)
                            : DeviceStatus.offline(StatusDetail.COMMUNICATION_ERROR, ""));
                }
            };
        }
    }

    /**
     * Hands the hub a copy of its stage ({@code minimalCompletionStage()}), so the hub's cancel of a timed-out command
     * never reaches it, and publishes each command's result as an event, the timed-out one's too.
     */
    public static final class KeepsTimedOutCommands extends MemoryHvac {
        @Override
        public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
            return new Handler(context) {
                @Override
                public CompletionStage<CommandOutcome> execute(Command command) {
                    CompletableFuture<CommandOutcome> answer = super.execute(command).toCompletableFuture();
                    answer.thenAccept(outcome -> context.event("memory-hvac.write-result").correlationId(command.id())
                            .put("status", outcome.status().name()).publish());
                    return answer.minimalCompletionStage();
                }
            };
        }
    }

    /** Waits for the device to say goodbye in close(), 1.5 s while it is silent. */
    public static final class HangsInCloseWhileSilent extends MemoryHvac {
        @Override
        public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
            return new Handler(context) {
                @Override
                public void close() {
                    if (!answering.get()) {
                        try {
                            Thread.sleep(1_500);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    super.close();
                }
            };
        }
    }

    /** Sends every sample of its device's buffer at once after connecting: 3,000 values in a burst. */
    public static final class Floods extends MemoryHvac {
        @Override
        public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
            return new Handler(context) {
                private boolean sent;

                @Override
                protected synchronized void poll() {
                    if (!sent) {
                        sent = true;
                        for (int i = 0; i < 3_000; i++) {
                            context.publishValue("supply-temp", PointValue.good(20.0 + i / 1000.0));
                        }
                    }
                    super.poll();
                }
            };
        }
    }

    /** Lets an unexpected reply escape its polling task, which the JDK then never runs again. */
    public static final class PollThrows extends MemoryHvac {
        @Override
        public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
            return new Handler(context) {
                private int polls;

                @Override
                protected synchronized void poll() {
                    super.poll();
                    if (++polls == 2) { // after the second poll's writes, so the commands still complete
                        throw new IllegalStateException("unexpected reply 'NAK'");
                    }
                }
            };
        }
    }

    /** Takes longer in open() than the hub allows, as one that connects there would. */
    public static final class SlowToOpen extends MemoryHvac {
        @Override
        public DeviceHandler open(DeviceDefinition device, DeviceContext context) throws Exception {
            Thread.sleep(1_500); // "connecting"
            return new Handler(context);
        }
    }

    /** Waits for the device's answer inside execute() instead of returning a stage at once. */
    public static final class BlocksInExecute extends MemoryHvac {
        @Override
        public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
            return new Handler(context) {
                @Override
                public CompletionStage<CommandOutcome> execute(Command command) {
                    try {
                        Thread.sleep(2_000); // "waiting for the device's acknowledgement"
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return super.execute(command);
                }
            };
        }
    }

    /** A door that claims the door profile but answers its lock action 'unknown' and publishes swipes its own way. */
    public static final class SloppyDoor implements DeviceAdapter {
        public static final String ID = "sloppy-door";
        public static final String DEVICE_FILE = """
                device.type = door
                adapter = sloppy-door
                point.locked.kind = binary
                point.contact.kind = binary
                """;

        @Override
        public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
            context.scheduler().schedule(() -> {
                context.publishValue("locked", PointValue.good(true));
                context.publishValue("contact", PointValue.good(true));
                context.updateStatus(DeviceStatus.online());
                context.event(EventTypes.CARD_SWIPED).put("reader", "entry").put("card", "12345").put("facility", 7).publish();
            }, 50, TimeUnit.MILLISECONDS);
            return new DeviceHandler() {
                @Override
                public CompletionStage<CommandOutcome> execute(Command command) {
                    if (Profiles.UNLOCK.equals(command.action())) {
                        return CompletableFuture.completedFuture(CommandOutcome.completed(command));
                    }
                    return CompletableFuture.completedFuture(CommandOutcome.rejected(command, "unknown action " + command.action()));
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
