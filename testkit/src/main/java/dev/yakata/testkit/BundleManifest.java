package dev.yakata.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Manifest;

/**
 * The manifest bnd wrote for the module under test (at process-classes, before the tests run), for tests that check
 * what a bundle imports and exports: an adapter that imports more than {@code dev.yakata.api.*} and the JDK would
 * refresh or refuse to resolve in a hub that lacks it.
 */
public final class BundleManifest {

    private final Manifest manifest;

    private BundleManifest(Manifest manifest) {
        this.manifest = manifest;
    }

    /** {@code target/classes/META-INF/MANIFEST.MF} of the module whose tests run. */
    public static BundleManifest ofThisModule() {
        return of(Path.of("target/classes"));
    }

    /** {@code META-INF/MANIFEST.MF} under a bundle's class folder (or an unpacked bundle). */
    public static BundleManifest of(Path bundleClasses) {
        Path file = bundleClasses.resolve("META-INF/MANIFEST.MF");
        try (InputStream in = Files.newInputStream(file)) {
            return new BundleManifest(new Manifest(in));
        } catch (IOException e) {
            throw new UncheckedIOException("no manifest at " + file.toAbsolutePath()
                    + "; is bnd-maven-plugin bound to the module's build?", e);
        }
    }

    /** A main header's value, or {@code null} when the manifest has none. */
    public String header(String name) {
        return manifest.getMainAttributes().getValue(name);
    }

    /**
     * The entries of {@code Service-Component} (the DS descriptors the bundle declares, e.g. {@code OSGI-INF/a.xml}, or
     * a pattern such as {@code OSGI-INF/*.xml}), in manifest order, duplicates kept; empty when the header is absent.
     */
    public List<String> serviceComponents() {
        String header = header("Service-Component");
        if (header == null || header.isBlank()) {
            return List.of();
        }
        return Arrays.stream(header.split(",")).map(String::trim).filter(entry -> !entry.isEmpty()).toList();
    }

    /** The packages of {@code Import-Package}, without their attributes, in manifest order. */
    public List<String> importedPackages() {
        String imports = header("Import-Package");
        if (imports == null) {
            return List.of();
        }
        // Clauses are separated by commas that start a package name; commas inside quoted version ranges do not.
        return Arrays.stream(imports.split(",(?=[a-z])")).map(clause -> clause.split(";")[0].trim()).toList();
    }
}
