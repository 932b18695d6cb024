package dev.yakata.chain;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class CsvTest {

    private static byte[] write(List<List<String>> rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Csv.Writer w = new Csv.Writer(out)) {
            for (List<String> row : rows) {
                w.row(row);
            }
        }
        return out.toByteArray();
    }

    private static List<List<String>> read(byte[] bytes) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (Csv.Reader r = new Csv.Reader(new ByteArrayInputStream(bytes))) {
            for (List<String> row = r.next(); row != null; row = r.next()) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    public void theFileStartsWithAByteOrderMarkAndEachRowEndsWithCrlf() throws Exception {
        byte[] bytes = write(List.of(List.of("a", "b"), List.of("1", "2")));
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', ',', 'b', '\r', '\n', '1', ',', '2', '\r', '\n'}, bytes);
    }

    @Test
    public void fieldsWithCommasQuotesAndLineBreaksAreQuotedAndOthersAreNot() throws Exception {
        byte[] bytes = write(List.of(List.of("plain", "a,b", "say \"hi\"", "two\r\nlines", "lf\nonly", "", " spaced ")));
        assertEquals("\uFEFFplain,\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\",\"lf\nonly\",, spaced \r\n",
                new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    public void aNullCellIsWrittenAsAnEmptyOne() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Csv.Writer w = new Csv.Writer(out)) {
            w.row("a", null, "c");
        }
        assertEquals("\uFEFFa,,c\r\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void japaneseQuotesAndLineBreaksRoundTripUnchanged() throws Exception {
        List<List<String>> rows = List.of(
                List.of("利用者", "理由", "備考"),
                List.of("山田 太郎", "配達のため、\"急ぎ\"", "一行目\r\n二行目\n三行目"),
                List.of("", "ｶﾀｶﾅ ＡＢＣ 🚪", ",,,"));
        assertEquals(rows, read(write(rows)));
    }

    @Test
    public void aFileWithoutByteOrderMarkOrWithLfLineEndsReadsTheSame() throws Exception {
        assertEquals(List.of(List.of("a", "b"), List.of("c", "")), read(utf8("a,b\nc,\n")));
        assertEquals(List.of(List.of("a", "b"), List.of("c", "")), read(utf8("\uFEFFa,b\r\nc,\r\n")));
        assertEquals(List.of(List.of("last row", "without line end")), read(utf8("last row,without line end")));
    }

    @Test
    public void anEmptyInputHasNoRow() throws Exception {
        assertEquals(List.of(), read(new byte[0]));
        try (Csv.Reader r = new Csv.Reader(new ByteArrayInputStream(utf8("\uFEFF")))) {
            assertNull(r.next());
        }
    }

    @Test
    public void aQuoteInsideAnUnquotedFieldIsAnErrorNamingLineAndColumn() {
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> read(utf8("a,b\r\nc,d\"e\r\n")));
        assertEquals(2, e.line());
        assertEquals(4, e.column());
        assertTrue(e.getMessage(), e.getMessage().startsWith("line 2, column 4: a quote inside an unquoted field"));
    }

    @Test
    public void textAfterAClosingQuoteIsAnErrorNamingLineAndColumn() {
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> read(utf8("a,\"b\"x,c\r\n")));
        assertEquals(1, e.line());
        assertEquals(6, e.column());
        assertTrue(e.getMessage(), e.getMessage().contains("'x' after the closing quote"));
    }

    @Test
    public void anUnterminatedQuotedFieldIsReportedWhereItStarts() {
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> read(utf8("h1,h2\r\nok,ok\r\nx,\"never\r\nclosed\r\n")));
        assertEquals(3, e.line());
        assertEquals(3, e.column());
        assertTrue(e.getMessage(), e.getMessage().contains("never closed"));
    }

    @Test
    public void aLoneCarriageReturnIsAnError() {
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> read(utf8("a,b\rc\r\n")));
        assertEquals(1, e.line());
        assertTrue(e.getMessage(), e.getMessage().contains("carriage return not followed by a line feed"));
    }

    @Test
    public void bytesThatAreNotUtf8AreAnErrorNotReplacementCharacters() {
        byte[] latin1 = "名前,caf\u00e9\r\n".getBytes(StandardCharsets.ISO_8859_1);
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> read(latin1));
        assertTrue(e.getMessage(), e.getMessage().contains("not UTF-8"));
    }

    @Test
    public void rowLineNamesTheLineEachRowStartsOnCountingLineBreaksInsideFields() throws Exception {
        try (Csv.Reader r = new Csv.Reader(new ByteArrayInputStream(utf8("a\r\n\"b\r\nb\"\r\nc\r\n")))) {
            r.next();
            assertEquals(1, r.rowLine());
            r.next();
            assertEquals(2, r.rowLine());
            r.next();
            assertEquals(4, r.rowLine());
        }
    }
}
