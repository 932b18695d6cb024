package dev.yakata.store.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.chain.AuditCsv;
import dev.yakata.store.api.AuditQuery;
import dev.yakata.store.api.EventQuery;
import dev.yakata.store.api.ExportResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.Before;
import org.junit.Test;

/** CSV export: UTF-8 with a BOM, RFC 4180 quoting, Japanese text, and the export folder's fence; H2 and PostgreSQL. */
public class ExportTest extends StoreTestOnBothDatabases {

    private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");

    public ExportTest(String kind) {
        super(kind, "export");
    }

    @Before
    public void start() throws Exception {
        store.start(db.dataSource);
    }

    @Test
    public void anEventExportIsUtf8WithABomAndQuotesWhatRfc4180Requires() throws Exception {
        store.append(Event.builder("door.forced", "door.2f.サーバー室").time(T0).zone("2F, secure")
                .subject("he said \"open\"").put("note", "一行目\r\n二行目").build());
        store.append(Event.builder("door.forced", "door.1f.lobby").time(T0.plusSeconds(1)).build());
        store.awaitCaughtUp(10_000);

        ExportResult result = store.engine.exportEvents(EventQuery.between(T0, T0.plusSeconds(10)), "doors.csv");
        assertEquals(2, result.rows());
        Path file = Path.of(result.file());
        assertEquals(store.settings.exportFolder().resolve("doors.csv"), file);
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(bytes, 3));

        List<List<String>> rows = parse(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8));
        assertEquals(3, rows.size());
        assertEquals("position", rows.get(0).get(0));
        List<String> first = rows.get(1);
        assertEquals("door.2f.サーバー室", first.get(3));
        assertEquals("he said \"open\"", first.get(5));
        assertEquals("2F, secure", first.get(6));
        assertTrue(first.get(12), first.get(12).contains("一行目\\r\\n二行目")); // JSON-escaped inside the data column
        assertEquals(13, rows.get(2).size());
        assertFalse(Files.exists(file.resolveSibling("doors.csv.part")));
    }

    @Test
    public void anExportCoversEveryPageNotOnlyTheFirst() throws Exception {
        for (int i = 0; i < 10_500; i++) {
            store.append(Event.builder("door.forced", "door.1f.lobby").time(T0.plusMillis(i)).build());
        }
        store.awaitCaughtUp(60_000);
        ExportResult result = store.engine.exportEvents(EventQuery.between(T0, T0.plusSeconds(60)).withLimit(5), "all.csv");
        assertEquals(10_500, result.rows());
    }

    @Test
    public void anAuditExportCarriesTheTrailWithJapaneseReasonsIntact() throws Exception {
        store.append(Event.builder(EventTypes.POLICY_REFUSED, "door.2f.server-room").time(T0).put("user", "田中")
                .put("channel", "SHELL").put("action", "unlock").put("reason", "権限がありません, \"viewer\"").build());
        store.awaitCaughtUp(10_000);
        ExportResult result = store.engine.exportAudit(AuditQuery.between(T0, T0.plusSeconds(1)), "audit.csv");
        assertEquals(1, result.rows());
        byte[] bytes = Files.readAllBytes(Path.of(result.file()));
        assertEquals((byte) 0xEF, bytes[0]);
        List<List<String>> rows = parse(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8));
        assertEquals(AuditCsv.HEADER, rows.get(0));
        List<String> record = rows.stream().filter(r -> r.get(0).equals("record")).findFirst().orElseThrow();
        assertEquals("田中", record.get(AuditCsv.HEADER.indexOf("user")));
        assertEquals("権限がありません, \"viewer\"", record.get(AuditCsv.HEADER.indexOf("reason")));
    }

    @Test
    public void aFileNameThatWouldLeaveTheExportFolderIsRefusedNamingTheArgumentAndTheFolder() {
        EventQuery q = EventQuery.between(T0, T0.plusSeconds(1));
        for (String bad : new String[] {"../escape.csv", "sub/file.csv", "..", "/tmp/x.csv", "a\\b.csv", "", " "}) {
            IllegalArgumentException e = assertThrows(bad, IllegalArgumentException.class,
                    () -> store.engine.exportEvents(q, bad));
            assertTrue(e.getMessage(), e.getMessage().startsWith("fileName = "));
            assertTrue(e.getMessage(), e.getMessage().contains(store.settings.exportFolder().toString()));
        }
        assertThrows(IllegalArgumentException.class, () -> store.engine.exportAudit(AuditQuery.between(T0,
                T0.plusSeconds(1)), "../audit.csv"));
        assertFalse(Files.exists(store.settings.exportFolder().getParent().resolve("escape.csv")));
    }

    /** A small RFC 4180 reader, independent of the writer under test. */
    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        assertEquals("the file ends with CRLF", 0, field.length() + row.size());
        return rows;
    }
}
