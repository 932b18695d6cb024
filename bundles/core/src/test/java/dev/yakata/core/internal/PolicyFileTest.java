package dev.yakata.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.yakata.api.command.Issuer;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.bus.testing.RecordingBus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PolicyFileTest {

    private static final Issuer OPERATOR = Issuer.of("sato", Issuer.Channel.REST, "yakata-operator");

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();
    private final RecordingBus bus = new RecordingBus();
    private PolicyFile policy;

    @After
    public void tearDown() {
        if (policy != null) {
            policy.close();
        }
    }

    private boolean mayUnlock() {
        return policy.decide(OPERATOR, "door.1f.a", "door", "unlock", "L1").allowed();
    }

    private static void write(Path file, String text, int secondsLater) throws Exception {
        Files.writeString(file, text);
        // File systems with coarse timestamps: make each save visibly newer.
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(secondsLater)));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    public void aSavedChangeTakesEffectWithoutARestartAndIsAnnounced() throws Exception {
        Path file = folder.getRoot().toPath().resolve("yakata.policy");
        write(file, "allow yakata-operator door.lock\n", 0);
        policy = new PolicyFile(file, bus, 100);
        assertFalse(mayUnlock());

        write(file, "allow yakata-operator door.lock, door.unlock\n", 2);
        await("the new rule is in force", this::mayUnlock);
        // the rules are swapped before the event is published: wait for it rather than race it (and never on time)
        await("the second load is announced", () -> bus.events.stream().filter(e -> e.type().equals(EventTypes.POLICY_LOADED)).count() == 2);
    }

    @Test
    public void aFileWithAnErrorKeepsThePreviousPolicyAndNamesFileAndLine() throws Exception {
        Path file = folder.getRoot().toPath().resolve("yakata.policy");
        write(file, "allow yakata-operator door.unlock\n", 0);
        policy = new PolicyFile(file, bus, 100);
        assertTrue(mayUnlock());

        write(file, "# comment\nallow yakata-operator door.unlock\npermit yakata-viewer door.lock\n", 2);
        await("the failure is reported", () -> bus.events.stream().anyMatch(e -> e.type().equals(EventTypes.POLICY_FAILED)));
        Event failed = bus.events.stream().filter(e -> e.type().equals(EventTypes.POLICY_FAILED)).findFirst().orElseThrow();
        assertEquals("yakata.policy:3: a rule starts with allow or deny, not 'permit'; the previous policy stays in force"
                + " until the file is fixed", failed.data().get("message"));
        assertTrue("the previous rules still decide", mayUnlock());
    }

    @Test
    public void withoutAPolicyFileEveryCommandIsRefusedAndThatIsReported() throws Exception {
        Path file = folder.getRoot().toPath().resolve("yakata.policy");
        policy = new PolicyFile(file, bus, 100);
        assertFalse(mayUnlock());
        assertTrue(bus.events.stream().anyMatch(e -> e.type().equals(EventTypes.POLICY_FAILED)));

        write(file, "allow * *.*\n", 0);
        await("the file is picked up when it appears", this::mayUnlock);
    }

    @Test
    public void malformedRulesAreRefusedWithTheirFix() {
        String[] bad = {"allow yakata-operator", "allow yakata-operator door", "allow yakata-operator door.unlock at L1",
            "deny yakata-operator door.unlock.now", "allow yak@ta door.unlock"};
        for (String line : bad) {
            try {
                PolicyRules.parse(line, "p");
                throw new AssertionError("accepted: " + line);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith("p:1: "));
            }
        }
    }

    @Test
    public void theShippedPolicyGivesEachRoleItsDuties() throws Exception {
        String text = Files.readString(Path.of("..", "..", "config", "etc", "yakata.policy"));
        dev.yakata.core.api.CommandPolicy shipped = PolicyRules.parse(text, "yakata.policy").asPolicy();
        Issuer viewer = Issuer.of("v", Issuer.Channel.SHELL, "yakata-viewer");
        Issuer operator = Issuer.of("o", Issuer.Channel.SHELL, "yakata-operator");
        Issuer manager = Issuer.of("m", Issuer.Channel.SHELL, "yakata-manager");
        Issuer admin = Issuer.of("a", Issuer.Channel.SHELL, "yakata-admin");
        Issuer hub = dev.yakata.core.api.Issuers.hub("access");
        assertFalse(shipped.decide(viewer, "d", "shutter", "close", "L1").allowed());
        assertTrue(shipped.decide(operator, "d", "shutter", "close", "L1").allowed());
        assertTrue(shipped.decide(operator, "d", "door", "unlock", "L2").allowed());
        assertFalse(shipped.decide(operator, "d", "door", "unlock", "L3").allowed());
        assertFalse(shipped.decide(operator, "d", "hvac", "write", "L3").allowed());
        assertTrue(shipped.decide(manager, "d", "hvac", "write", "L3").allowed());
        assertFalse(shipped.decide(manager, "d", "door", "unlock", "L3").allowed());
        assertTrue(shipped.decide(admin, "d", "door", "unlock", "L3").allowed());
        assertTrue(shipped.decide(hub, "d", "door", "unlock", "L3").allowed());
    }

    @Test
    public void theShippedPolicyLetsOperatorsButNotViewersAcknowledgeAlarmsAndTheHubOnlyListThem() throws Exception {
        String text = Files.readString(Path.of("..", "..", "config", "etc", "yakata.policy"));
        dev.yakata.core.api.CommandPolicy shipped = PolicyRules.parse(text, "yakata.policy").asPolicy();
        Issuer viewer = Issuer.of("v", Issuer.Channel.OPCUA, "yakata-viewer");
        Issuer operator = Issuer.of("o", Issuer.Channel.OPCUA, "yakata-viewer", "yakata-operator");
        Issuer opcuaServer = dev.yakata.core.api.Issuers.hub("opcua-server");
        assertFalse(shipped.decide(viewer, "alarms", "alarm-management", "acknowledge", "").allowed());
        assertTrue(shipped.decide(operator, "alarms", "alarm-management", "acknowledge", "").allowed());
        // the northbound OPC UA server's list at start; nothing more for the hub's own issuer
        assertTrue(shipped.decide(opcuaServer, "alarms", "alarm-management", "list", "").allowed());
        assertFalse(shipped.decide(opcuaServer, "alarms", "alarm-management", "acknowledge", "").allowed());
    }
}
