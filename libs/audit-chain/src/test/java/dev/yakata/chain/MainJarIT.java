package dev.yakata.chain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The built jar, started the way an auditor starts it: {@code java -jar}, nothing else on the class path. */
public class MainJarIT {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private record Result(int exit, String out) {
    }

    private static Result javaJar(String... args) throws Exception {
        String jar = System.getProperty("audit.chain.jar");
        assertTrue("the failsafe configuration passes the jar's path: " + jar, jar != null && new File(jar).isFile());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("the verifier finished within 60 s", p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }

    @Test
    public void theRunnableJarVerifiesAnExportAndExitsZeroOneOrTwo() throws Exception {
        Path dir = tmp.getRoot().toPath();
        Path pub = dir.resolve("yakata-audit.pub");
        CheckpointSigner signer = CheckpointSigner.loadOrCreate(dir.resolve("yakata-audit.key"), pub);
        List<ChainedRecord> chain = TestChains.chain("audit", 200);
        Path export = dir.resolve("監査 export.csv");
        AuditCsvTest.export(export, chain, List.of(signer.sign(chain.get(199), TestChains.START)));

        Result intact = javaJar("--public-key", pub.toString(), export.toString());
        assertEquals(intact.out(), 0, intact.exit());
        assertTrue(intact.out(), intact.out().contains("records:     200 checked (sequence 1 to 200)"));
        assertTrue(intact.out(), intact.out().contains("Result: INTACT (1 chain)"));

        AuditCsvTest.export(export, chain.subList(0, 150), List.of(signer.sign(chain.get(199), TestChains.START)));
        Result cut = javaJar("--public-key", pub.toString(), export.toString());
        assertEquals(cut.out(), 1, cut.exit());
        assertTrue(cut.out(), cut.out().contains("TAMPERED: TRUNCATED at sequence 151"));

        Files.writeString(export, "not,an,export\r\n");
        Result bad = javaJar("--public-key", pub.toString(), export.toString());
        assertEquals(bad.out(), 2, bad.exit());
        assertTrue(bad.out(), bad.out().contains("is not a well-formed audit export: line 1, column 1"));
    }
}
