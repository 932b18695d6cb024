package com.example.shutterworks.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static LineReader reader(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return new LineReader(new ByteArrayInputStream(all.toByteArray()), 16);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void splitsOnLfAndDropsACrBeforeIt() throws Exception {
        LineReader r = reader(text("OK a\r\nOK b\n\nÄ\n"));
        assertEquals("OK a", r.readLine());
        assertEquals("OK b", r.readLine());
        assertEquals("", r.readLine());
        assertEquals("Ä", r.readLine());
        assertNull(r.readLine());
    }

    @Test
    void aLineOverTheLimitIsConsumedWholeAndReported() throws Exception {
        LineReader r = reader(text("x".repeat(40) + "\nOK after\n"));
        assertEquals("line longer than 16 bytes", assertThrows(MalformedLineException.class, r::readLine).getMessage());
        assertEquals("OK after", r.readLine(), "the next line is read as it came");
    }

    @Test
    void exactlyTheLimitWithCrlfIsAllowed() throws Exception {
        LineReader r = reader(text("y".repeat(16) + "\r\n" + "z".repeat(17) + "\n"));
        assertEquals("y".repeat(16), r.readLine());
        assertThrows(MalformedLineException.class, r::readLine);
    }

    @Test
    void bytesThatAreNotUtf8AreReportedAndSkipped() throws Exception {
        LineReader r = reader(new byte[] {'O', 'K', ' ', (byte) 0xC3, (byte) 0x28, '\n'}, text("OK c\n"));
        assertEquals("line is not UTF-8", assertThrows(MalformedLineException.class, r::readLine).getMessage());
        assertEquals("OK c", r.readLine());
    }

    @Test
    void aLastLineWithoutLfIsDropped() throws Exception {
        LineReader r = reader(text("OK a\nOK b"));
        assertEquals("OK a", r.readLine());
        assertNull(r.readLine());
    }
}
