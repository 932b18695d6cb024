package dev.yakata.audit.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.audit.internal.ConfigChanges.Change;
import dev.yakata.util.secret.SecretKeys;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.Test;

/** Input shape: the properties ConfigAdmin gave for one PID before and after (what ConfigAudit keeps). */
public class ConfigChangesTest {

    private static final String DEVICE_PID = "dev.yakata.device.4f1c";
    private static final String DEVICE_FILE = "file:/opt/yakata/etc/dev.yakata.device-door.lobby.cfg";
    private static final Predicate<String> BY_NAME = SecretKeys::nameSaysSecret;

    @Test
    public void passwordChangeIsRecordedWithBothValuesRedacted() {
        Event event = updated("dev.yakata.bridge", null, Map.of("broker.password", "old-pw", "broker.url", "tcp://a"),
                Map.of("broker.password", "new-pw", "broker.url", "tcp://a"), BY_NAME).orElseThrow();

        assertEquals(List.of(entry("broker.password", "******", "******")), keys(event));
        assertFalse(event.data().toString().contains("old-pw"));
        assertFalse(event.data().toString().contains("new-pw"));
    }

    @Test
    public void changedSettingIsRecordedWithItsOldAndNewValue() {
        Event event = updated("dev.yakata.core", null, Map.of("commandTimeoutMillis", "30000"),
                Map.of("commandTimeoutMillis", "10000"), BY_NAME).orElseThrow();

        assertEquals(EventTypes.CONFIG_CHANGED, event.type());
        assertEquals("hub", event.source());
        assertEquals("dev.yakata.core", event.subject());
        assertEquals("dev.yakata.core", event.data().get("pid"));
        assertEquals("UPDATED", event.data().get("change"));
        assertFalse("no factory, no factoryPid", event.data().containsKey("factoryPid"));
        assertEquals(List.of(entry("commandTimeoutMillis", "30000", "10000")), keys(event));
    }

    @Test
    public void addedKeyHasNoOldValueAndRemovedKeyNoNewValue() {
        Event event = updated("p", null, Map.of("zone", "lobby"), Map.of("floor", "2"), BY_NAME).orElseThrow();

        assertEquals(List.of(entry("floor", null, "2"), entry("zone", "lobby", null)), keys(event));
    }

    @Test
    public void sameValuesAndFileinstallBookkeepingAreNoChange() {
        Map<String, Object> before = new HashMap<>(Map.of("tags", new String[] {"a", "b"}, "port", 1883,
                "felix.fileinstall.filename", "file:/etc/x.cfg", "service.pid", "x"));
        Map<String, Object> after = new HashMap<>(Map.of("tags", new String[] {"a", "b"}, "port", 1883,
                "felix.fileinstall.filename", "file:/etc/renamed.cfg", "service.pid", "x",
                ":org.apache.felix.configadmin.revision:", 7L));

        assertEquals(Optional.empty(), updated("x", null, before, after, BY_NAME));
    }

    @Test
    public void arrayValuesAreComparedAndRecordedByContent() {
        Event event = updated("p", null, Map.of("tags", new String[] {"a"}), Map.of("tags", new String[] {"a", "b"}),
                BY_NAME).orElseThrow();

        assertEquals(List.of(entry("tags", List.of("a"), List.of("a", "b"))), keys(event));
    }

    @Test
    public void deletedConfigurationListsEveryKeyWithItsOldValueAndItsFile() {
        Map<String, Object> before = Map.of("adapter", "simulator", "device.type", "door", "felix.fileinstall.filename",
                DEVICE_FILE, "service.factoryPid", ConfigSecrets.DEVICE_FACTORY_PID);

        Event event = ConfigChanges.event(Change.DELETED, DEVICE_PID, ConfigSecrets.DEVICE_FACTORY_PID, before,
                Map.of(), k -> false).orElseThrow();

        assertEquals("DELETED", event.data().get("change"));
        assertEquals(ConfigSecrets.DEVICE_FACTORY_PID, event.data().get("factoryPid"));
        assertEquals("the location is shown as is, never redacted", DEVICE_FILE, event.data().get("file"));
        assertEquals(List.of(entry("adapter", "simulator", null), entry("device.type", "door", null)), keys(event));
    }

    @Test
    public void newConfigurationIsRecordedAsCreatedWithEveryKey() {
        Event event = ConfigChanges.event(Change.CREATED, "dev.yakata.core", null, Map.of(),
                Map.of("openTimeoutMillis", "5000", "api.token", "t0k"), BY_NAME).orElseThrow();

        assertEquals("CREATED", event.data().get("change"));
        assertEquals(List.of(entry("api.token", null, "******"), entry("openTimeoutMillis", null, "5000")),
                keys(event));
    }

    @Test
    public void keyTheDeviceAdapterDeclaresSecretIsRedactedInItsDeviceFile() {
        Map<String, Object> before = Map.of("adapter", "acme-door", "pin", "1234");
        Map<String, Object> after = Map.of("adapter", "acme-door", "pin", "9876");
        Predicate<String> secret = ConfigSecrets.of(ConfigSecrets.DEVICE_FACTORY_PID, before, after,
                id -> id.equals("acme-door") ? Set.of("pin") : null);

        Event event = updated(DEVICE_PID, ConfigSecrets.DEVICE_FACTORY_PID, before, after, secret).orElseThrow();

        assertEquals(List.of(entry("pin", "******", "******")), keys(event));
    }

    @Test
    public void keyAnAdapterDeclaresIsNotRedactedOutsideItsDevicesFiles() {
        Predicate<String> secret = ConfigSecrets.of("org.apache.karaf.shell", Map.of(), Map.of("pin", "x"),
                id -> Set.of("pin"));

        assertFalse(secret.test("pin"));
        assertTrue("names that say so are secret everywhere", secret.test("hostKey.passphrase"));
    }

    @Test
    public void settingsOfADeviceWhoseAdapterIsNotInstalledAreRedactedExceptTheCoresOwnKeys() {
        Map<String, Object> after = Map.of("adapter", "acme-door", "device.type", "door", "zone", "lobby",
                "point.state.kind", "binary", "pin", "1234", "host", "10.0.0.7");
        Predicate<String> secret = ConfigSecrets.of(ConfigSecrets.DEVICE_FACTORY_PID, Map.of(), after, id -> null);

        Event event = ConfigChanges.event(Change.CREATED, DEVICE_PID, ConfigSecrets.DEVICE_FACTORY_PID, Map.of(),
                after, secret).orElseThrow();

        assertEquals(List.of(entry("adapter", null, "acme-door"), entry("device.type", null, "door"),
                entry("host", null, "******"), entry("pin", null, "******"), entry("point.state.kind", null, "binary"),
                entry("zone", null, "lobby")), keys(event));
    }

    @Test
    public void movingADeviceToAnotherAdapterRedactsWhatEitherAdapterDeclares() {
        Map<String, Object> before = Map.of("adapter", "a", "pin", "1", "code", "2");
        Map<String, Object> after = Map.of("adapter", "b", "pin", "3", "code", "4");
        Map<String, Set<String>> declared = Map.of("a", Set.of("pin"), "b", Set.of("code"));
        Predicate<String> secret = ConfigSecrets.of(ConfigSecrets.DEVICE_FACTORY_PID, before, after, declared::get);

        assertTrue(secret.test("pin"));
        assertTrue(secret.test("code"));
        assertFalse(secret.test("adapter"));
    }

    @Test
    public void pidIsEscapedForTheConfigAdminFilter() {
        assertEquals("a\\(b\\)\\*\\\\c", ConfigAudit.escape("a(b)*\\c"));
    }

    private static Optional<Event> updated(String pid, String factoryPid, Map<String, ?> before, Map<String, ?> after,
            Predicate<String> secret) {
        return ConfigChanges.event(Change.UPDATED, pid, factoryPid, before, after, secret);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> keys(Event event) {
        return (List<Map<String, Object>>) event.data().get("keys");
    }

    private static Map<String, Object> entry(String key, Object old, Object now) {
        Map<String, Object> entry = new java.util.LinkedHashMap<>();
        entry.put("key", key);
        entry.put("old", old);
        entry.put("new", now);
        return entry;
    }
}
