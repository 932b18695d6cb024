package dev.yakata.tck.adapters;

import dev.yakata.api.adapter.DeviceContext;
import dev.yakata.api.adapter.DeviceHandler;
import dev.yakata.api.device.DeviceDefinition;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;

/**
 * The well-behaved air conditioner with what many real adapters hold for their whole life: one UDP endpoint and the
 * thread that receives on it, made on the first open and shared by every device after, released only when the adapter
 * itself goes ({@link #release()}, what its {@code @Deactivate} would do). Neither is a device's leak.
 */
public final class HoldsAnEndpoint extends MemoryHvac {

    private DatagramSocket endpoint;
    private Thread receiver;

    @Override
    public DeviceHandler open(DeviceDefinition device, DeviceContext context) throws Exception {
        endpoint();
        return super.open(device, context);
    }

    /** The adapter's one endpoint, made on first use. */
    private synchronized DatagramSocket endpoint() throws IOException {
        if (endpoint == null) {
            endpoint = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            DatagramSocket socket = endpoint;
            receiver = new Thread(() -> {
                byte[] buffer = new byte[1500];
                while (!socket.isClosed()) {
                    try {
                        socket.receive(new DatagramPacket(buffer, buffer.length));
                    } catch (IOException e) {
                        return; // closed by release()
                    }
                }
            }, "memory-hvac-endpoint-rx");
            receiver.setDaemon(true);
            receiver.start();
        }
        return endpoint;
    }

    /** Closes the endpoint and ends its thread, as the adapter's deactivation does. */
    public synchronized void release() throws InterruptedException {
        if (endpoint != null) {
            endpoint.close();
            receiver.join(1_000);
            endpoint = null;
        }
    }
}
