package dev.yakata.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.yakata.testkit.BundleManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * The manifest bnd generated: the store exports only its API, carries Flyway, Jackson and the event JSON code
 * inside, imports no JDBC driver and nothing optional, and its DataSource reference is optional and dynamic.
 */
public class BundleManifestTest {

    private static final List<String> ALLOWED_IMPORTS = List.of("dev.yakata.api.", "dev.yakata.journal.api",
            "dev.yakata.bus.api", "dev.yakata.store.api", "org.slf4j", "org.osgi.framework", "javax.", "org.w3c.dom",
            "org.xml.sax");

    private static final BundleManifest MANIFEST = BundleManifest.ofThisModule();

    @Test
    public void theBundleExportsOnlyItsApiAtZeroPointThree() {
        assertEquals("dev.yakata.store", MANIFEST.header("Bundle-SymbolicName"));
        assertTrue(MANIFEST.header("Export-Package"),
                MANIFEST.header("Export-Package").startsWith("dev.yakata.store.api;version=\"0.3.0\""));
        assertFalse(MANIFEST.header("Export-Package").contains(","));
    }

    @Test
    public void everyImportIsTheJdkOsgiSlf4jOrAYakataApiAndNoneIsOptionalNorADriver() {
        String imports = MANIFEST.header("Import-Package");
        assertFalse(imports, imports.contains("resolution:=optional"));
        List<String> unexpected = new ArrayList<>();
        for (String name : MANIFEST.importedPackages()) {
            if (ALLOWED_IMPORTS.stream().noneMatch(name::startsWith)) {
                unexpected.add(name);
            }
        }
        assertTrue("unexpected imports " + unexpected, unexpected.isEmpty());
        assertFalse(imports, imports.contains("org.flywaydb") || imports.contains("com.fasterxml"));
    }

    @Test
    public void flywayWithItsPostgresqlModuleAndJacksonAreEmbeddedAndTheMigrationsAreInside() {
        String classPath = MANIFEST.header("Bundle-ClassPath");
        for (String jar : List.of("flyway-core-11.20.3", "flyway-database-postgresql-11.20.3", "jackson-core",
                "jackson-databind")) {
            assertTrue(jar + " in " + classPath, classPath.contains("lib/" + jar));
        }
        assertTrue(Files.exists(Path.of("target/classes/db/store/migration/V1__events_and_audit.sql")));
        assertTrue(Files.exists(Path.of("target/classes/db/store/migration/V2__point_history.sql")));
        assertTrue(Files.exists(Path.of("target/classes/dev/yakata/eventjson/EventJson.class")));
        assertTrue("the audit-chain library must be copied in (bnd -conditionalpackage: dev.yakata.chain.*)",
                Files.exists(Path.of("target/classes/dev/yakata/chain/HashChain.class")));
        assertFalse("dev.yakata.chain must stay private to the store, never imported nor exported",
                MANIFEST.header("Import-Package").contains("dev.yakata.chain")
                        || MANIFEST.header("Export-Package").contains("dev.yakata.chain"));
    }

    @Test
    public void theDataSourceReferenceIsOptionalDynamicAndTargetsTheYakataDataSource() throws Exception {
        String xml = Files.readString(Path.of("target/classes/OSGI-INF/dev.yakata.store.internal.StoreComponent.xml"));
        assertTrue(xml, xml.contains("name=\"dataSource\""));
        assertTrue(xml, xml.contains("cardinality=\"0..1\""));
        assertTrue(xml, xml.contains("policy=\"dynamic\""));
        assertTrue(xml, xml.contains("target=\"(dataSourceName=yakata)\""));
        assertTrue(xml, xml.contains("configuration-pid=\"dev.yakata.store\""));
        assertTrue(xml, xml.contains("point.changed"));
    }
}
