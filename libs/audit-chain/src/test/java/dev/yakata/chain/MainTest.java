package dev.yakata.chain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The offline verifier as an auditor runs it, in-process (MainJarIT runs the built jar). */
public class MainTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path pub;
    private Path export;
    private CheckpointSigner signer;
    private final List<ChainedRecord> chain = TestChains.chain("audit", 50);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Before
    public void setUp() throws Exception {
        Path dir = tmp.getRoot().toPath();
        pub = dir.resolve("etc/yakata-audit.pub");
        export = dir.resolve("export.csv");
        signer = CheckpointSigner.loadOrCreate(dir.resolve("data/yakata-audit.key"), pub);
    }

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void anIntactExportExitsZeroWithAReportOfWhatWasChecked() throws Exception {
        AuditCsvTest.export(export, chain, List.of(signer.sign(chain.get(39), TestChains.START.plusSeconds(60))));
        assertEquals(err(), 0, run("--public-key", pub.toString(), export.toString()));
        String o = out();
        assertTrue(o, o.contains("public keys: " + signer.keyId()));
        assertTrue(o, o.contains("Chain audit\n  records:     50 checked (sequence 1 to 50)\n"));
        assertTrue(o, o.contains("checkpoints: 1 checked, the last signed 2026-12-01T22:46:00.123456Z for sequence 40"));
        assertTrue(o, o.contains("result:      INTACT"));
        assertTrue(o, o.contains("records after sequence 40 are chained but no checkpoint signs them yet"));
        assertTrue(o, o.endsWith("Result: INTACT (1 chain)\n"));
        assertTrue(o.lines().count() < 25);
    }

    @Test
    public void aTamperedExportExitsOneNamingTheFirstProblem() throws Exception {
        List<ChainedRecord> records = new ArrayList<>(chain);
        records.remove(16);
        AuditCsvTest.export(export, records, List.of(signer.sign(chain.get(49), TestChains.START)));
        assertEquals(1, run("--public-key=" + pub, export.toString()));
        assertTrue(out(), out().contains("result:      TAMPERED: DELETED at sequence 17"));
        assertTrue(out(), out().contains("problem:     record 17 is missing: the sequence jumps from 16 to 18"));
        assertTrue(out(), out().endsWith("Result: TAMPERED (first problem: chain audit, DELETED at sequence 17)\n"));
    }

    @Test
    public void aMalformedExportExitsTwoWithLineAndColumn() throws Exception {
        Files.writeString(export, String.join(",", AuditCsv.HEADER) + "\r\nrecord,audit,1\"\r\n");
        assertEquals(2, run("--public-key", pub.toString(), export.toString()));
        assertTrue(err(), err().startsWith("error: " + export + " is not a well-formed audit export: line 2, column 15: a quote"));
    }

    @Test
    public void usageErrorsExitTwoAndSayWhatIsMissing() throws Exception {
        AuditCsvTest.export(export, chain, List.of());
        assertEquals(2, run(export.toString()));
        assertTrue(err(), err().startsWith("error: no --public-key given: the verifier needs the hub's etc/yakata-audit.pub\nusage:"));
        err.reset();
        assertEquals(2, run("--public-key", pub.toString()));
        assertTrue(err(), err().startsWith("error: no export file given"));
        err.reset();
        assertEquals(2, run("--public-key", pub.toString(), "--fast", export.toString()));
        assertTrue(err(), err().startsWith("error: unknown option --fast"));
        err.reset();
        assertEquals(2, run("--public-key", tmp.getRoot().toPath().resolve("nope.pub").toString(), export.toString()));
        assertTrue(err(), err().contains("nope.pub does not exist"));
        err.reset();
        assertEquals(2, run("--public-key", pub.toString(), tmp.getRoot().toPath().resolve("missing.csv").toString()));
        assertTrue(err(), err().contains("missing.csv does not exist"));
        assertEquals(0, run("--help"));
        assertTrue(out(), out().startsWith("usage: java -jar yakata-audit-chain.jar"));
    }
}
