package dev.yakata.tck.adapters;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.StatusDetail;
import dev.yakata.api.profile.Profiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A well-behaved adapter for {@link DoorDevice}, the TCK's reference: it connects and polls on the device's scheduler,
 * reports OFFLINE with a reason and bad values when the device does not answer, completes each command from the
 * device's reply, keeps a command pending while the device is silent and drops it when the hub cancels it, and closes
 * its socket in close(). It passes every clause of the contract.
 */
public final class ReferenceDoorAdapter implements DeviceAdapter {

    public static final String ID = "reference-door";
    private static final int ANSWER_MILLIS = 300;
    private static final int POLL_MILLIS = 100;
    /** Consecutive unanswered exchanges before the device is OFFLINE. */
    private static final int SILENT_LIMIT = 3;

    @Override
    public DeviceHandler open(DeviceDefinition device, DeviceContext context) {
        String host = device.property("door.host", "");
        String port = device.property("door.port", "");
        if (host.isBlank() || !port.matches("\\d{1,5}")) {
            throw new IllegalArgumentException(device.id() + " needs door.host and door.port (e.g. door.host = 127.0.0.1,"
                    + " door.port = 4001)");
        }
        return new Handler(context, new InetSocketAddress(host, Integer.parseInt(port)));
    }

    private record Pending(Command command, String request, CompletableFuture<CommandOutcome> answer) {
    }

    static final class Handler implements DeviceHandler {
        private final DeviceContext context;
        private final InetSocketAddress address;
        private final String peer;
        private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
        private final ScheduledFuture<?> poll;
        private volatile boolean closed;
        private volatile Socket socket;
        private BufferedReader in;
        private PrintWriter out;
        private int unanswered;
        private DeviceState reported;

        Handler(DeviceContext context, InetSocketAddress address) {
            this.context = context;
            this.address = address;
            this.peer = address.getHostString() + ":" + address.getPort();
            poll = context.scheduler().scheduleWithFixedDelay(this::tick, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
        }

        @Override
        public CompletionStage<CommandOutcome> execute(Command command) {
            String request;
            if (Command.WRITE.equals(command.action()) && "buzzer".equals(command.pointId())) {
                request = "SET buzzer " + command.arguments().get(Command.VALUE);
            } else if (Profiles.UNLOCK.equals(command.action())) {
                request = "UNLOCK " + command.arguments().get(Profiles.SECONDS);
            } else if (Profiles.LOCK.equals(command.action())) {
                request = "LOCK";
            } else {
                return CompletableFuture.completedFuture(CommandOutcome.rejected(command, "the reference door has no '"
                        + command.action() + "'" + (command.pointId() == null ? "" : " for point " + command.pointId())));
            }
            CompletableFuture<CommandOutcome> answer = new CompletableFuture<>();
            pending.add(new Pending(command, request, answer));
            return answer;
        }

        @Override
        public void close() {
            closed = true;
            poll.cancel(false);
            disconnect(); // also ends a read under way on the scheduler
            for (Pending p : pending) {
                p.answer().complete(CommandOutcome.failed(p.command(), "the device was closed"));
            }
        }

        /** One round: pending commands first, then a poll. Runs on the device's scheduler, never for longer than a read. */
        private synchronized void tick() {
            if (closed) {
                return;
            }
            try {
                if (socket == null) {
                    connect();
                }
                for (Pending p = pending.peek(); p != null; p = pending.peek()) {
                    if (p.answer().isDone()) { // the hub cancelled it (timed out): drop it, do not send it late
                        pending.poll();
                        continue;
                    }
                    String reply = exchange(p.request());
                    pending.poll();
                    p.answer().complete(reply.equals("OK") ? CommandOutcome.completed(p.command())
                            : CommandOutcome.rejected(p.command(), reply.replaceFirst("^ERR ", "")));
                }
                Map<String, Boolean> points = parse(exchange("GET"));
                for (PointDefinition point : context.device().points()) {
                    Boolean value = points.get(point.address());
                    context.publishValue(point.id(), value == null ? PointValue.bad() : PointValue.good(value));
                }
                unanswered = 0;
                report(DeviceStatus.online());
            } catch (SocketTimeoutException e) {
                disconnect(); // a late answer would be taken for the next request's: start a fresh session
                if (++unanswered >= SILENT_LIMIT) {
                    offline("no answer from " + peer + " for " + unanswered * ANSWER_MILLIS + " ms");
                }
            } catch (IOException e) {
                disconnect();
                if (!closed) {
                    offline("cannot reach " + peer + ": " + e.getMessage());
                }
            }
        }

        private void connect() throws IOException {
            Socket s = new Socket();
            try {
                s.connect(address, ANSWER_MILLIS);
                s.setSoTimeout(ANSWER_MILLIS);
                in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                s.close();
                throw e;
            }
            socket = s;
            if (closed) {
                disconnect();
                throw new IOException("closed");
            }
        }

        private String exchange(String request) throws IOException {
            out.println(request);
            String reply = in.readLine();
            if (reply == null) {
                throw new IOException("the device closed the connection");
            }
            return reply;
        }

        private void disconnect() {
            Socket s = socket;
            socket = null;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }

        private void offline(String reason) {
            if (reported != DeviceState.OFFLINE) {
                for (PointDefinition point : context.device().points()) {
                    context.publishValue(point.id(), PointValue.bad());
                }
            }
            report(DeviceStatus.offline(StatusDetail.COMMUNICATION_ERROR, reason));
        }

        private void report(DeviceStatus status) {
            reported = status.state();
            context.updateStatus(status);
        }

        private static Map<String, Boolean> parse(String reply) {
            Map<String, Boolean> values = new java.util.HashMap<>();
            for (String pair : reply.split(" ")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2) {
                    values.put(kv[0], Boolean.parseBoolean(kv[1]));
                }
            }
            return values;
        }
    }
}
