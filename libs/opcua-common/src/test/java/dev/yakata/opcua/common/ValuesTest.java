package dev.yakata.opcua.common;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.device.PointKind;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.device.Quality;
import java.time.Instant;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;
import org.junit.Test;

public class ValuesTest {

    @Test
    public void dataValuesBecomePointValuesOfThePointsKindWithSourceTimeAndQuality() {
        Instant source = Instant.parse("2026-01-02T03:04:05Z");
        DataValue value = new DataValue(Variant.ofInt32(3), StatusCode.GOOD, new DateTime(source), DateTime.now());
        assertEquals(new PointValue(3L, Quality.GOOD, source), Values.toPointValue(value, PointKind.MULTISTATE));
        assertEquals(3.0, Values.toPointValue(value, PointKind.ANALOG).value());
        assertEquals(true, Values.toPointValue(value, PointKind.BINARY).value());
        assertEquals("3", Values.toPointValue(value, PointKind.TEXT).value());

        DataValue uncertain = new DataValue(Variant.ofDouble(1.5), new StatusCode(StatusCodes.Uncertain_LastUsableValue));
        assertEquals(Quality.UNCERTAIN, Values.toPointValue(uncertain, PointKind.ANALOG).quality());
        DataValue bad = new DataValue(Variant.ofDouble(0), new StatusCode(StatusCodes.Bad_SensorFailure));
        assertEquals(Quality.BAD, Values.toPointValue(bad, PointKind.ANALOG).quality());
    }

    @Test
    public void aValueThatCannotMeanThePointsKindIsBadNotAnException() {
        DataValue fraction = new DataValue(Variant.ofDouble(2.5));
        PointValue value = Values.toPointValue(fraction, PointKind.MULTISTATE);
        assertEquals(Quality.BAD, value.quality());
        assertNull(value.value());
        assertEquals("hall", Values.toJava(LocalizedText.english("hall"), PointKind.TEXT));
        assertEquals(65535L, Values.toJava(Unsigned.ushort(65535), PointKind.MULTISTATE));
    }

    @Test
    public void writesConvertToTheNodesBuiltInTypeOnlyWithoutLoss() throws Exception {
        assertEquals(Variant.ofFloat(1.5f), Values.toVariant(1.5, NodeIds.Float));
        assertEquals(Variant.ofInt16((short) -3), Values.toVariant(-3L, NodeIds.Int16));
        assertEquals(Variant.ofUInt32(Unsigned.uint(7)), Values.toVariant(7.0, NodeIds.UInt32));
        assertEquals(Variant.ofBoolean(true), Values.toVariant(true, NodeIds.Boolean));

        assertTrue(assertThrows(Values.TypeMismatchException.class, () -> Values.toVariant(2.5, NodeIds.Int32))
                .getMessage().contains("not a whole number"));
        assertTrue(assertThrows(Values.TypeMismatchException.class, () -> Values.toVariant(-1L, NodeIds.UInt16))
                .getMessage().contains("out of range for UInt16"));
        assertTrue(assertThrows(Values.TypeMismatchException.class, () -> Values.toVariant(true, NodeIds.Double))
                .getMessage().contains("cannot write Boolean true to a node of data type Double"));
        assertTrue(assertThrows(Values.TypeMismatchException.class, () -> Values.toVariant("x", NodeIds.DateTime))
                .getMessage().contains("cannot write text 'x'"));
    }

    @Test
    public void problemsNameTheStatusAndTheFix() {
        String text = Problems.describe(new org.eclipse.milo.opcua.stack.core.UaException(
                StatusCodes.Bad_UserAccessDenied, "denied"));
        assertTrue(text, text.startsWith("Bad_UserAccessDenied ("));
        assertTrue(text, text.endsWith("check opcua.username and opcua.password"));
        assertTrue(Problems.describe(new java.util.concurrent.ExecutionException(new java.net.ConnectException(
                "Connection refused"))).startsWith("connection refused"));
    }
}
