package dev.yakata.shell.internal;

import static org.junit.Assert.assertEquals;

import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.StatusDetail;
import dev.yakata.core.api.DeviceInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;

public class DeviceListCommandTest {

    private static final String LONG_REASON = "cannot connect to opc.tcp://10.20.30.40:4840/building: the server refused"
            + " the session because the user name or password is wrong; retrying in 30 s, then every 5 minutes,\n"
            + "\tuntil the file's credentials change";

    private static final List<DeviceInfo> DEVICES = List.of(
            new DeviceInfo("hvac.2f.server-room", DeviceDefinition.builder("hvac.2f.server-room", "hvac", "opcua")
                    .floor("2F").zone("L3").build(), DeviceStatus.fault(StatusDetail.COMMUNICATION_ERROR, LONG_REASON),
                    "etc/dev.yakata.device-hvac.2f.server-room.cfg"),
            new DeviceInfo("ups.2f.server-room", DeviceDefinition.builder("ups.2f.server-room", "ups", "simulator")
                    .floor("2F").zone("L3").build(), DeviceStatus.online(), "etc/dev.yakata.device-ups.2f.server-room.cfg"),
            new DeviceInfo("dev.yakata.device-broken.cfg", null,
                    DeviceStatus.fault(StatusDetail.CONFIGURATION_ERROR, "no 'device.type'"), "etc/dev.yakata.device-broken.cfg"));

    @Test
    public void plainOutputIsOneTabSeparatedLinePerDeviceHoweverLongOrMultiLineTheReason() {
        List<String> lines = print(null, true);

        assertEquals(lines.toString(), 3, lines.size());
        assertEquals(List.of("hvac.2f.server-room", "hvac", "opcua", "2F", "L3", "FAULT",
                "cannot connect to opc.tcp://10.20.30.40:4840/building: the server refused the session because the user"
                        + " name or password is wrong; retrying in 30 s, then every 5 minutes, until the file's credentials change"),
                List.of(lines.get(0).split("\t", -1)));
        assertEquals("ups.2f.server-room\tups\tsimulator\t2F\tL3\tONLINE\t", lines.get(1));
        assertEquals("dev.yakata.device-broken.cfg\t?\t?\t\t\tFAULT\tno 'device.type'", lines.get(2));
    }

    @Test
    public void plainOutputHonoursTheStateFilter() {
        assertEquals(List.of("ups.2f.server-room\tups\tsimulator\t2F\tL3\tONLINE\t"), print("online", true));
    }

    private static List<String> print(String state, boolean noFormat) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DeviceListCommand.print(DEVICES, state, noFormat, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return List.of(bytes.toString(StandardCharsets.UTF_8).split("\n"));
    }
}
