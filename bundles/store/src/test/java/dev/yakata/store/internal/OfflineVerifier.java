package dev.yakata.store.internal;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The offline verifier as an auditor runs it, in a child process: {@code java -jar
 * libs/audit-chain/target/yakata-audit-chain-*.jar}; when that jar is not built (a build of this module alone), the
 * same {@code dev.yakata.chain.Main} from the classes bnd copied into this bundle, and it says so.
 *
 * @param exit   the process's exit status (0 intact, 1 tampered, 2 usage or input error)
 * @param output what it printed, standard error included
 * @param how    the command, for failure messages
 */
record OfflineVerifier(int exit, String output, String how) {

    static OfflineVerifier run(Path key, Path export) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path jar = builtJar();
        List<String> command = new ArrayList<>(List.of(java));
        String how;
        if (jar != null) {
            command.addAll(List.of("-jar", jar.toString()));
            how = "java -jar " + jar;
        } else {
            command.addAll(List.of("-cp", Path.of("target", "classes").toAbsolutePath().toString(),
                    "dev.yakata.chain.Main"));
            how = "dev.yakata.chain.Main from target/classes: libs/audit-chain/target has no built jar";
            System.err.println("OfflineVerifier: " + how);
        }
        command.addAll(List.of("--public-key", key.toString(), export.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("the offline verifier did not end within 60 s", p.waitFor(60, TimeUnit.SECONDS));
        return new OfflineVerifier(p.exitValue(), output, how);
    }

    private static Path builtJar() throws IOException {
        Path target = Path.of("..", "..", "libs", "audit-chain", "target").toAbsolutePath().normalize();
        if (!Files.isDirectory(target)) {
            return null;
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith("yakata-audit-chain-") && n.endsWith(".jar") && !n.endsWith("-sources.jar")
                        && !n.endsWith("-tests.jar") && !n.endsWith("-javadoc.jar");
            }).findFirst().orElse(null);
        }
    }
}
