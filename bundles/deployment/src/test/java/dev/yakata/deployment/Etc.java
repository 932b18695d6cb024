package dev.yakata.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A copy of the distribution's own realm files in a temporary etc/ folder. */
final class Etc {

    static final Path DISTRIBUTION_ETC = Path.of("../../distribution/src/main/resources/assembly/etc");

    private Etc() { }

    static Path copy(Path dir) throws IOException {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        for (String f : new String[] {"users.properties", "org.apache.karaf.jaas.cfg"}) {
            Files.copy(DISTRIBUTION_ETC.resolve(f), etc.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        return etc;
    }
}
