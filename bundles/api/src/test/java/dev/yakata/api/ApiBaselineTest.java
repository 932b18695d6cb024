package dev.yakata.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The promise to vendors, checked for real: this module is built (in a copy, by a Maven of its own) with a change an
 * adapter compiled against 1.0.0 would break on, and bnd's baseline against the released 1.0.0 must fail that build
 * unless the package's major version moves. The unchanged copy must build, or the check would prove nothing.
 */
public class ApiBaselineTest {

    private static final String HANDLER = "src/main/java/dev/yakata/api/adapter/DeviceHandler.java";
    private static final String CLOSE = "    void close();\n";

    private static Path module;
    private static Path releases;
    private static final List<Path> copies = new ArrayList<>();

    @BeforeClass
    public static void locate() {
        module = Paths.get(System.getProperty("basedir", ".")).toAbsolutePath();
        releases = module.resolve("../../releases/maven").normalize();
        assertTrue("the released API versions must be in " + releases, Files.isDirectory(releases.resolve("dev/yakata/yakata-api/1.0.0")));
    }

    @AfterClass
    public static void removeCopies() throws IOException {
        for (Path copy : copies) {
            try (Stream<Path> files = Files.walk(copy)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    public void theUnchangedApiPassesItsBaseline() throws Exception {
        Build build = build(copy());
        assertEquals("the unchanged API must pass the baseline against 1.0.0:\n" + build.output, 0, build.exitCode);
    }

    @Test
    public void removingAMethodVendorsCallFailsTheBuildNamingThePackage() throws Exception {
        Path copy = copy();
        edit(copy.resolve(HANDLER), CLOSE, "");
        Build build = build(copy);
        assertTrue("a method removed from DeviceHandler must fail the build:\n" + build.output, build.exitCode != 0);
        assertTrue("the failure must name the package and the major change:\n" + build.output,
                build.output.contains("dev.yakata.api.adapter") && build.output.contains("MAJOR"));
    }

    @Test
    public void theSameRemovalBuildsOnceTheMajorVersionMoves() throws Exception {
        Path copy = copy();
        edit(copy.resolve(HANDLER), CLOSE, "");
        edit(copy.resolve("src/main/java/dev/yakata/api/adapter/package-info.java"), "@Version(\"1.0.0\")", "@Version(\"2.0.0\")");
        edit(copy.resolve("pom.xml"), "<version>1.0.1-SNAPSHOT</version>", "<version>2.0.0-SNAPSHOT</version>");
        Build build = build(copy);
        assertEquals("with the package at 2.0.0 and the bundle at 2.0.0 the change is allowed:\n" + build.output, 0, build.exitCode);
    }

    private static Path copy() throws IOException {
        Path copy = Files.createTempDirectory("yakata-api-baseline-");
        copies.add(copy);
        Files.copy(module.resolve("pom.xml"), copy.resolve("pom.xml"));
        Path src = module.resolve("src/main");
        try (Stream<Path> files = Files.walk(src)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path to = copy.resolve("src/main").resolve(src.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        }
        return copy;
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(file + " no longer holds '" + from.strip() + "'; update this test with the API", text.contains(from));
        Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
    }

    private record Build(int exitCode, String output) {
    }

    /** {@code mvn verify} on the copy, tests skipped (this test is one of them), against the releases here. */
    private static Build build(Path copy) throws Exception {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-DskipTests", "-Dyakata.releases=" + releases, "verify"));
        if (Boolean.getBoolean("yakata.offline")) {
            command.add(1, "-o");
        }
        Process process = new ProcessBuilder(command).directory(copy.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the nested Maven build did not finish in 5 minutes");
        }
        return new Build(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
