package dev.yakata.access.internal;

import dev.yakata.bus.testing.RecordingBus;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.yakata.access.rules.CardState;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.testkit.TestHub;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The runtime put together, on what needs no decision of the rules: a hub with no access folder, the card overrides
 * kept on disk, and its threads. {@link WithTheRealRulesTest} covers the rest once the rules' bodies are merged.
 */
public class AccessRuntimeTest {

    /** For tests that never import: any import is refused. */
    private static final PeopleImport NO_IMPORT = (name, csv, charset, current) -> {
        throw new IllegalArgumentException("no import in this test");
    };

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final RecordingBus bus = new RecordingBus();
    private final FakeRegistry registry = new FakeRegistry().door("door.2f.server-room", "L3");
    private final TestPseudonyms pseudonyms = new TestPseudonyms();
    private AccessRuntime runtime;

    @After
    public void tearDown() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private AccessRuntime start(Path configDir) {
        AccessSettings settings = AccessSettings.defaults(configDir, temp.getRoot().toPath().resolve("state"),
                temp.getRoot().toPath().resolve("exports"), ZoneId.of("Asia/Tokyo"));
        runtime = new AccessRuntime(settings, bus, registry, pseudonyms, java.time.Clock.systemUTC(),
                folder -> {
                    throw new UnsupportedOperationException("not built yet"); // as the rules are in this branch
                }, NO_IMPORT);
        runtime.start();
        return runtime;
    }

    @Test
    public void withoutAnAccessFolderItRunsRefusesEverySwipeAndSaysWhyInItsStatus() throws Exception {
        Path missing = temp.getRoot().toPath().resolve("etc/access");
        start(missing);
        Event failed = bus.only(AccessEventTypes.CONFIG_FAILED);
        assertEquals(missing.toString(), failed.data().get("file"));

        runtime.swipes().onEvent(Event.builder(EventTypes.CARD_SWIPED, "door.2f.server-room").put("reader", "entry")
                .put("direction", "entry").put("card", pseudonyms.ofCard("staff-0107")).build());
        Event denied = bus.only(EventTypes.ACCESS_DENIED);
        assertEquals(EngineRules.NOT_CONFIGURED, denied.data().get("reason"));
        assertTrue(String.valueOf(denied.data().get("detail")).contains("does not exist"));
        assertTrue(registry.submitted.isEmpty());

        try (TestHub hub = new TestHub(runtime.adapter())) {
            hub.open("device.id = access\ndevice.type = access-control\nadapter = access\n").context().awaitOnline();
            CommandOutcome status = hub.submit(Command.builder("access", "status")
                    .issuer(Issuer.of("operator", Issuer.Channel.SHELL, "yakata-operator")).build());
            assertEquals("not-configured", status.data().get("state"));
            assertTrue(String.valueOf(status.data().get("message")).contains(missing + ": the folder does not exist"));
        }
    }

    @Test
    public void overridesKeptOnDiskAreInForceFromTheStartEvenBeforeAnyConfiguration() throws Exception {
        String card = pseudonyms.ofCard("staff-0107");
        new CardStateFile(temp.getRoot().toPath().resolve("state/card-states.properties"))
                .save(Map.of(card, CardState.LOST));
        start(temp.getRoot().toPath().resolve("etc/access"));
        assertEquals(Map.of(card, CardState.LOST), runtime.rules().cardStateOverrides());
    }

    @Test
    public void itsThreadsAreNamedAfterTheirJobAndAllStopOnClose() throws Exception {
        start(temp.newFolder("access").toPath());
        Thread.sleep(100);
        assertEquals(Set.of("yakata-access-config", "yakata-access-supervision", "yakata-access-release",
                "yakata-access-record"), accessThreads());
        runtime.close();
        assertTrue(accessThreads().toString(), accessThreads().isEmpty());
        runtime = null;
    }

    @Test
    public void anAccessDeviceOfAnotherProfileIsRefusedSayingWhichProfile() throws Exception {
        start(temp.newFolder("access").toPath());
        try (TestHub hub = new TestHub(runtime.adapter())) {
            hub.open("device.id = access\ndevice.type = sensor\nadapter = access\n");
            throw new AssertionError("opened");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("device.profile = access-control"));
        }
    }

    private static Set<String> accessThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("yakata-access-")).collect(Collectors.toSet());
    }
}
