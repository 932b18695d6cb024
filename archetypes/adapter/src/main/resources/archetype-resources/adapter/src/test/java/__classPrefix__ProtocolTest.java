package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ${package}.${classPrefix}Protocol.ProtocolException;
import ${package}.${classPrefix}Protocol.Reading;
import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.device.Quality;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The protocol's requests and replies, and the settings a device file gives, without a device. */
class ${classPrefix}ProtocolTest {

    @Test
    void valuesAreReadByAddressWithTheirKindAndQuality() throws Exception {
        Map<String, Reading> values = ${classPrefix}Protocol.values("VALUES temp=21.5 alarm=1 relay=0?");
        assertEquals(21.5, values.get("temp").toValue(PointKind.ANALOG).value());
        assertEquals(Quality.GOOD, values.get("alarm").toValue(PointKind.BINARY).quality());
        assertEquals(Boolean.TRUE, values.get("alarm").toValue(PointKind.BINARY).value());
        assertEquals(Quality.UNCERTAIN, values.get("relay").toValue(PointKind.BINARY).quality());
    }

    @Test
    void aValueThatDoesNotFitItsPointIsBad() throws Exception {
        Reading reading = ${classPrefix}Protocol.values("VALUES temp=hot").get("temp");
        assertEquals(Quality.BAD, reading.toValue(PointKind.ANALOG).quality());
    }

    @Test
    void aReplyOutOfStepIsAProtocolError() {
        assertThrows(ProtocolException.class, () -> ${classPrefix}Protocol.values("OK"));
        assertThrows(ProtocolException.class, () -> ${classPrefix}Protocol.values("VALUES temp"));
        assertThrows(ProtocolException.class, () -> ${classPrefix}Protocol.refusal("VALUES temp=1"));
    }

    @Test
    void okAndErrAnswerACommand() throws Exception {
        assertNull(${classPrefix}Protocol.refusal("OK"));
        assertEquals("relay is locked", ${classPrefix}Protocol.refusal("ERR relay is locked"));
        assertEquals("WRITE relay 1", ${classPrefix}Protocol.write("relay", PointKind.BINARY, true));
    }

    @Test
    void aMissingHostIsRefusedWithTheKeyToSet() {
        DeviceDefinition device = DeviceDefinition.builder("${adapterId}.test", "io-module", ${classPrefix}Adapter.ID).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ${classPrefix}Settings.of(device));
        assertEquals("${adapterId}.test: connection.host is missing; give the device's address, e.g. connection.host"
                + " = 192.168.10.20", e.getMessage());
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        DeviceDefinition device = DeviceDefinition.builder("${adapterId}.test", "io-module", ${classPrefix}Adapter.ID)
                .property(${classPrefix}Settings.HOST, "127.0.0.1").property(${classPrefix}Settings.PORT, "70000").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ${classPrefix}Settings.of(device));
        assertEquals("${adapterId}.test: connection.port must be a whole number from 1 to 65535, not '70000'", e.getMessage());
    }
}
