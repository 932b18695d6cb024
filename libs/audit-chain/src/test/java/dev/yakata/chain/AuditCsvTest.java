package dev.yakata.chain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.yakata.chain.VerifyReport.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AuditCsvTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private CheckpointSigner signer;
    private List<ChainedRecord> audit;
    private List<ChainedRecord> access;
    private List<Checkpoint> checkpoints;

    @Before
    public void setUp() throws Exception {
        Path dir = tmp.getRoot().toPath();
        signer = CheckpointSigner.loadOrCreate(dir.resolve("k.key"), dir.resolve("k.pub"));
        audit = TestChains.chain("audit", 30);
        access = TestChains.chain("access", 12);
        checkpoints = List.of(signer.sign(audit.get(19), TestChains.START.plusSeconds(60)),
                signer.sign(audit.get(29), TestChains.START.plusSeconds(120)),
                signer.sign(access.get(11), TestChains.START.plusSeconds(120)));
    }

    static void export(Path file, List<ChainedRecord> records, List<Checkpoint> checkpoints) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); AuditCsv.Writer w = new AuditCsv.Writer(out)) {
            for (ChainedRecord r : records) {
                w.record(r);
            }
            for (Checkpoint c : checkpoints) {
                w.checkpoint(c);
            }
        }
    }

    static void exportCheckpointsFirst(Path file, List<ChainedRecord> records, List<Checkpoint> checkpoints) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); AuditCsv.Writer w = new AuditCsv.Writer(out)) {
            for (Checkpoint c : checkpoints) {
                w.checkpoint(c);
            }
            for (ChainedRecord r : records) {
                w.record(r);
            }
        }
    }

    private List<ChainedRecord> both() {
        List<ChainedRecord> all = new ArrayList<>(audit);
        all.addAll(access);
        return all;
    }

    @Test
    public void anExportReadsBackToTheSameRecordsAndCheckpointsJapaneseQuotesAndLineBreaksIncluded() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("export.csv");
        export(file, both(), checkpoints);
        AuditCsv.Export back = AuditCsv.readAll(Files.newInputStream(file));
        assertEquals(both(), back.records());
        assertEquals(checkpoints, back.checkpoints());
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("\uFEFF" + String.join(",", AuditCsv.HEADER) + "\r\n"));
        assertTrue(text, text.contains("山田 太郎") && text.contains("\"配達のため, \"\"急ぎ\"\"\r\n2行目\""));
        assertTrue(text, text.contains("\r\ncheckpoint,audit,20,2026-12-01T22:46:00.123456Z,,,,,,,,,,," + audit.get(19).hash() + ","
                + signer.keyId() + ","));
    }

    @Test
    public void everyChainOfAnExportIsVerifiedOnItsOwn() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("export.csv");
        List<ChainedRecord> records = both();
        records.set(35, TestChains.withUser(records.get(35), "mallory")); // access record 6
        export(file, records, checkpoints);
        List<VerifyReport> reports = new ChainVerifier(signer.publicKey()).verifyExport(file);
        assertEquals(2, reports.size());
        assertEquals("audit", reports.get(0).chain());
        assertTrue(reports.get(0).summary(), reports.get(0).intact());
        assertEquals(30, reports.get(0).recordsChecked());
        assertEquals(2, reports.get(0).checkpointsChecked());
        assertEquals("access", reports.get(1).chain());
        assertEquals(Kind.EDITED, reports.get(1).problem().kind());
        assertEquals(6, reports.get(1).problem().sequence());
    }

    @Test
    public void linesSwappedInTheFileAreReportedAsReordered() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("export.csv");
        List<ChainedRecord> records = new ArrayList<>(audit);
        java.util.Collections.swap(records, 3, 4);
        export(file, records, checkpoints);
        VerifyReport r = new ChainVerifier(signer.publicKey()).verifyExport(file).get(0);
        assertEquals(r.summary(), Kind.REORDERED, r.problem().kind());
    }

    @Test
    public void aRowWithAFieldTooFewIsAnErrorNamingItsLine() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("export.csv");
        export(file, audit.subList(0, 3), List.of());
        List<String> lines = new ArrayList<>(List.of(Files.readString(file).split("\r\n", -1)));
        // Line 3 is record 2 (records 1 and 2 have no quoted line break: fields(1), fields(2)).
        lines.set(2, lines.get(2).substring(0, lines.get(2).lastIndexOf(',')));
        Files.writeString(file, String.join("\r\n", lines));
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> AuditCsv.readAll(Files.newInputStream(file)));
        assertEquals(3, e.line());
        assertTrue(e.getMessage(), e.getMessage().startsWith("line 3, column 17: this row has 16 fields, the header 17"));
    }

    @Test
    public void aHeaderOfAnotherFileIsRefusedAsNoAuditExport() {
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> AuditCsv.readAll(
                new ByteArrayInputStream("\uFEFFtime,device,value\r\n".getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage(), e.getMessage().startsWith("line 1, column 1: expected the column 'record_type', found 'time'"));
        e = assertThrows(CsvFormatException.class, () -> AuditCsv.readAll(new ByteArrayInputStream(new byte[0])));
        assertTrue(e.getMessage(), e.getMessage().contains("the file is empty"));
    }

    @Test
    public void aBadTimeSequenceOrRecordTypeNamesTheLineAndColumn() {
        String header = String.join(",", AuditCsv.HEADER) + "\r\n";
        String good = "record,audit,1,2026-12-01T22:45:00Z,,,,,,,,,," + HashChain.GENESIS + "," + HashChain.GENESIS + ",,\r\n";
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> AuditCsv.readAll(new ByteArrayInputStream(
                (header + good + good.replace("2026-12-01T22:45:00Z", "yesterday")).getBytes(StandardCharsets.UTF_8))));
        assertEquals(3, e.line());
        assertEquals(4, e.column());
        assertTrue(e.getMessage(), e.getMessage().contains("time 'yesterday' is not an ISO-8601 UTC instant"));
        e = assertThrows(CsvFormatException.class, () -> AuditCsv.readAll(new ByteArrayInputStream(
                (header + good.replace(",1,", ",one,")).getBytes(StandardCharsets.UTF_8))));
        assertEquals(3, e.column());
        e = assertThrows(CsvFormatException.class, () -> AuditCsv.readAll(new ByteArrayInputStream(
                (header + good.replace("record,", "note,")).getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage(), e.getMessage().startsWith("line 2, column 1: record_type 'note'"));
    }

    @Test
    public void timesReadAsTheGeneralIsoParserReadsThemAndImpossibleDatesAreRefused() {
        for (String t : List.of("2026-12-01T22:45:00Z", "2026-12-01T22:45:00.1Z", "2026-12-01T22:45:00.123456Z",
                "2026-12-01T22:45:00.123456789Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999Z", "2028-02-29T12:00:00Z",
                "+12026-12-01T22:45:00Z")) {
            assertEquals(t, java.time.Instant.parse(t), AuditCsv.parseInstant(t));
        }
        for (String t : List.of("2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", 
                "2026-12-01T22:4a:00Z", "2026-12-01 22:45:00Z", "")) {
            assertEquals(t, null, AuditCsv.parseInstant(t));
        }
    }

    @Test
    public void theStoresLayoutReadOnceAndAnyOtherLayoutGiveTheSameReports() throws Exception {
        List<ChainedRecord> records = both();
        records.remove(33); // access record 4
        Path once = tmp.getRoot().toPath().resolve("once.csv");
        exportCheckpointsFirst(once, records, checkpoints);
        Path twice = tmp.getRoot().toPath().resolve("twice.csv");
        export(twice, records, checkpoints);
        List<ChainedRecord> mixed = new ArrayList<>(records);
        mixed.add(5, mixed.remove(30)); // access record 1 amid the audit records: not the store's layout
        Path interleaved = tmp.getRoot().toPath().resolve("interleaved.csv");
        exportCheckpointsFirst(interleaved, mixed, checkpoints);

        ChainVerifier verifier = new ChainVerifier(signer.publicKey());
        for (Path file : List.of(once, twice, interleaved)) {
            List<VerifyReport> reports = verifier.verifyExport(file);
            assertEquals(file.toString(), 2, reports.size());
            VerifyReport audit = reports.stream().filter(r -> r.chain().equals("audit")).findFirst().orElseThrow();
            VerifyReport access = reports.stream().filter(r -> r.chain().equals("access")).findFirst().orElseThrow();
            assertTrue(file + ": " + audit.summary(), audit.intact());
            assertEquals(30, audit.recordsChecked());
            assertEquals(file + ": " + access.summary(), Kind.DELETED, access.problem().kind());
            assertEquals(4, access.problem().sequence());
        }
    }

    @Test
    public void aCheckpointThatComesAfterTheRecordsStillCounts() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("export.csv");
        try (OutputStream out = Files.newOutputStream(file); AuditCsv.Writer w = new AuditCsv.Writer(out)) {
            w.checkpoint(checkpoints.get(0)); // audit, 20
            for (ChainedRecord r : audit.subList(0, 25)) {
                w.record(r);
            }
            w.checkpoint(checkpoints.get(1)); // audit, 30: the tail 26-30 was cut
        }
        VerifyReport r = new ChainVerifier(signer.publicKey()).verifyExport(file).get(0);
        assertEquals(r.summary(), Kind.TRUNCATED, r.problem().kind());
        assertEquals(26, r.problem().sequence());
    }

    @Test
    public void aChainWithCheckpointsButNoRecordInTheExportIsReportedTruncated() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("export.csv");
        exportCheckpointsFirst(file, audit, checkpoints);
        List<VerifyReport> reports = new ChainVerifier(signer.publicKey()).verifyExport(file);
        VerifyReport access = reports.stream().filter(r -> r.chain().equals("access")).findFirst().orElseThrow();
        assertEquals(access.summary(), Kind.TRUNCATED, access.problem().kind());
    }
}
