package dev.yakata.journal.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.yakata.journal.api.JournalCursor;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class JournalComponentTest {

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    /** A configuration as DS would hand it over: the given values, the annotation's defaults for the rest. */
    static JournalComponent.Config config(Map<String, Object> values) {
        return (JournalComponent.Config) Proxy.newProxyInstance(JournalComponent.Config.class.getClassLoader(),
                new Class<?>[] {JournalComponent.Config.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(values, args);
                    }
                    Object value = values.get(method.getName());
                    return value != null ? value : method.getDefaultValue();
                });
    }

    private Map<String, Object> settings(Object... keysAndValues) {
        Map<String, Object> values = new HashMap<>();
        values.put("directory", temporary.getRoot().toPath().resolve("journal").toString());
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return values;
    }

    @Test
    public void theComponentOpensTheJournalFromItsSettingsServesItAndClosesItOnDeactivate() throws Exception {
        JournalComponent component = new JournalComponent();
        component.activate(config(settings("segmentBytes", 4096L, "maxBytes", 65536L)), Map.of());
        assertEquals(4096, component.delegate().settings().segmentBytes());
        assertEquals(200, component.delegate().settings().syncIntervalMillis());
        assertEquals(1, component.append(TestEvents.numbered(1)));
        JournalCursor cursor = component.cursor("bridge");
        assertEquals(1, cursor.poll(10, 0).size());
        assertTrue(component.awaitDurable(1, 5_000));
        component.deactivate();
        assertNull(component.delegate());
        assertEquals(0, component.head());
        try {
            component.append(TestEvents.numbered(2));
            fail("appended to a stopped component");
        } catch (IOException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("not open"));
        }
        // Released: the same directory opens again.
        SegmentedJournal.open(temporary.getRoot().toPath().resolve("journal"), JournalSettings.defaults()).close();
    }

    @Test
    public void theShippedConfigurationFileHoldsEverySettingAtItsDefault() throws Exception {
        java.util.Properties shipped = new java.util.Properties();
        try (var in = Files.newBufferedReader(Path.of("../../config/etc/dev.yakata.journal.cfg"))) {
            shipped.load(in);
        }
        java.util.Set<String> attributes = new java.util.TreeSet<>();
        for (var method : JournalComponent.Config.class.getDeclaredMethods()) {
            attributes.add(method.getName());
            assertEquals(method.getName(), String.valueOf(method.getDefaultValue()),
                    shipped.getProperty(method.getName()));
        }
        assertEquals(attributes, new java.util.TreeSet<>(shipped.stringPropertyNames()));
    }

    @Test
    public void theDefaultDirectoryIsJournalInKarafData() {
        String before = System.getProperty("karaf.data");
        System.setProperty("karaf.data", "/var/lib/yakata/data");
        try {
            assertEquals("/var/lib/yakata/data/journal", JournalComponent.resolve("${karaf.data}/journal"));
            assertEquals("/var/lib/yakata/data/journal", JournalComponent.resolve(""));
            assertEquals("/srv/journal", JournalComponent.resolve(" /srv/journal "));
        } finally {
            if (before == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", before);
            }
        }
    }

    @Test
    public void eachBadSettingIsRefusedWithAMessageNamingTheKeyTheFileAndTheFix() throws Exception {
        assertRefused(settings("segmentBytes", 0L), "segmentBytes = 0", "set it between 1024 and");
        assertRefused(settings("segmentBytes", 1L << 31), "segmentBytes = 2147483648", "set it between 1024 and");
        assertRefused(settings("segmentBytes", 1L << 20, "maxBytes", 1L << 20),
                "maxBytes = 1048576 is less than two segments", "set maxBytes to at least 2097152");
        assertRefused(settings("syncIntervalMillis", 0L), "syncIntervalMillis = 0", "between 1 and 60000 ms");
        assertRefused(settings("cursorSyncMillis", -5L), "cursorSyncMillis = -5", "between 1 and 60000 ms");
        assertRefused(settings("segmentBytes", "16MB"), "segmentBytes = 16MB is not a whole number",
                "digits only, without a unit (bytes)");
        assertRefused(settings("syncIntervalMillis", "0.2s"), "syncIntervalMillis = 0.2s is not a whole number",
                "(milliseconds)");
        assertRefused(settings("directory", "${yakata.no.such.property}/journal"),
                "names the system property yakata.no.such.property", "set directory to an absolute path");
    }

    @Test
    public void aDirectoryThatCannotBeCreatedIsReportedWithItsPathAndTheFix() throws Exception {
        Path file = temporary.newFile("not-a-directory").toPath();
        Files.writeString(file, "x");
        JournalComponent component = new JournalComponent();
        try {
            component.activate(config(settings("directory", file.resolve("journal").toString())), Map.of());
            fail("opened a journal under a file");
        } catch (IOException expected) {
            String message = expected.getMessage();
            assertTrue(message, message.contains("etc/dev.yakata.journal.cfg"));
            assertTrue(message, message.contains(file.resolve("journal").toString()));
            assertTrue(message, message.contains("set another directory"));
        }
    }

    private static void assertRefused(Map<String, Object> values, String what, String fix) throws IOException {
        JournalComponent component = new JournalComponent();
        try {
            component.activate(config(values), values);
            component.deactivate();
            fail("accepted " + values);
        } catch (IllegalArgumentException expected) {
            String message = expected.getMessage();
            assertTrue(message, message.startsWith("Journal configuration dev.yakata.journal "
                    + "(etc/dev.yakata.journal.cfg): "));
            assertTrue(message, message.contains(what));
            assertTrue(message, message.contains(fix));
        }
    }
}
