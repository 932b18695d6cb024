package dev.yakata.adapter.bacnet.shell;

import static org.junit.Assert.assertTrue;

import dev.yakata.adapter.bacnet.BacnetAdapter;
import dev.yakata.adapter.bacnet.client.ClientConfig;
import dev.yakata.adapter.bacnet.codec.BacnetValue;
import dev.yakata.adapter.bacnet.codec.ObjectIdentifier;
import dev.yakata.adapter.bacnet.codec.ObjectTypes;
import dev.yakata.adapter.bacnet.sim.SimulatedBacnetDevice;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** yakata:bacnet-discover against the real adapter and a BACnet device on a loopback socket. */
public class BacnetDiscoverCommandTest {

    private SimulatedBacnetDevice field;
    private BacnetAdapter adapter;

    @Before
    public void start() throws Exception {
        field = new SimulatedBacnetDevice(2001);
        field.addObject(new ObjectIdentifier(ObjectTypes.ANALOG_INPUT, 1), "supply temperature", 62,
                new BacnetValue.Real(18.5f));
        field.addObject(new ObjectIdentifier(ObjectTypes.BINARY_OUTPUT, 1), "shutter motor close", -1,
                new BacnetValue.Enumerated(0));
        adapter = new BacnetAdapter(ClientConfig.bindTo(new InetSocketAddress("127.0.0.1", 0)).withTimeout(500, 1),
                null, 60);
    }

    @After
    public void stop() throws Exception {
        adapter.deactivate();
        field.close();
    }

    @Test
    public void theDiscoverCommandListsTheDeviceAndItsObjects() throws Exception {
        BacnetDiscoverCommand command = new BacnetDiscoverCommand();
        command.discovery = adapter;
        command.address = "127.0.0.1:" + field.address().ip().getPort();
        command.waitMillis = 500;
        String table = printed(command);
        assertTrue(table, table.contains("device 2001 \"sim-2001\""));
        assertTrue(table, table.matches("(?s).*analog-input\\s+1\\s+supply temperature\\s+\u00b0C\\s+18\\.5.*"));
        assertTrue(table, table.matches("(?s).*binary-output\\s+1\\s+shutter motor close\\s+0.*"));
    }

    @Test
    public void whenNoDeviceAnswersTheCommandSaysSoAndHowLongItWaited() throws Exception {
        BacnetDiscoverCommand command = new BacnetDiscoverCommand();
        command.discovery = adapter;
        command.address = "127.0.0.1:" + field.address().ip().getPort();
        command.low = 9999;
        command.waitMillis = 300;
        command.devicesOnly = true;
        String out = printed(command);
        assertTrue(out, out.contains("No BACnet device answered within 300 ms"));
    }

    private static String printed(BacnetDiscoverCommand command) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            command.execute();
        } finally {
            System.setOut(original);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }
}
