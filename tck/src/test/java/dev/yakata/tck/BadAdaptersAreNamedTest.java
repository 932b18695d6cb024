package dev.yakata.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.yakata.api.device.DeviceState;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.device.StatusDetail;
import dev.yakata.tck.adapters.BadAdapters;
import dev.yakata.tck.adapters.HoldsAnEndpoint;
import dev.yakata.tck.adapters.MemoryHvac;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each adapter here breaks one clause; the report must fail that clause and say so in plain words, and the hub must
 * have contained the adapter (its device FAULT or OFFLINE with a reason, this JVM not hung). The well-behaved adapter
 * they are all made from passes every clause, so the TCK fails only on faults.
 */
@Timeout(45)
class BadAdaptersAreNamedTest {

    @Test
    void theWellBehavedAdapterTheBadOnesComeFromPassesEveryClause() {
        ContractReport report = check(Subjects.memory(MemoryHvac::new, true).build());

        assertTrue(report.results().stream().allMatch(ClauseResult::passed), report::describe);
    }

    @Test
    void anAdapterThatThrowsInOpenIsNamedAndItsDeviceGoesFault() {
        ContractReport report = check(Subjects.memory(BadAdapters.ThrowsInOpen::new, false).build());

        assertNames(report, Clause.REPORTS_INSTEAD_OF_THROWING, "open() threw IllegalStateException: boom",
                "the device went FAULT (ADAPTER_ERROR)", "report expected failures as a status");
        assertNames(report, Clause.REPORTS_INSTEAD_OF_THROWING, "secretSettings() threw UnsupportedOperationException");
        assertHubHeld(report, DeviceState.FAULT, StatusDetail.ADAPTER_ERROR);
    }

    @Test
    void anAdapterThatThrowsInExecuteAndCloseIsNamed() {
        ContractReport report = check(Subjects.memory(BadAdapters.ThrowsOnceOpen::new, false).build());

        assertNames(report, Clause.REPORTS_INSTEAD_OF_THROWING, "execute(write setpoint=", "threw IllegalArgumentException:"
                + " cannot write setpoint", "the command ended FAILED");
        assertNames(report, Clause.REPORTS_INSTEAD_OF_THROWING, "close() threw IllegalStateException: socket already closed");
        assertContained(report);
    }

    @Test
    void anAdapterWhosePollingTaskThrowsIsNamed() {
        ContractReport report = check(Subjects.memory(BadAdapters.PollThrows::new, false).build());

        assertNames(report, Clause.REPORTS_INSTEAD_OF_THROWING, "a task given to context.scheduler().scheduleWithFixedDelay()"
                + " threw IllegalStateException: unexpected reply 'NAK' at dev.yakata.tck.adapters.BadAdapters$PollThrows",
                "the device silently stops being polled", "Catch inside the task");
        assertContained(report);
    }

    @Test
    void anAdapterThatNeverCompletesCommandsIsNamed() {
        ContractReport report = check(Subjects.memory(BadAdapters.NeverCompletesCommands::new, false).build());

        assertNames(report, Clause.COMMANDS_COMPLETE, "never completes commands", "write setpoint=22.0 ended TIMED_OUT",
                "while the device answered");
        assertContained(report);
    }

    @Test
    void anAdapterThatPublishesAfterCloseIsNamed() {
        ContractReport report = check(Subjects.memory(BadAdapters.PublishesAfterClose::new, false).build());

        assertNames(report, Clause.SILENT_AFTER_CLOSE, "published value 'supply-temp'", "after close() returned",
                "Stop it in close()");
        assertContained(report);
    }

    @Test
    void anAdapterThatLeaksAThreadIsNamedWithTheThreadAndWhereItRuns() {
        ContractReport report = check(Subjects.memory(BadAdapters.LeaksAThread::new, false).build());

        // one thread per opening: the first is in the baseline, the two openings after it add one each
        assertNames(report, Clause.NO_LEAKED_THREADS, "2 threads more are alive 1.0 s after the last close() returned than"
                + " after the first, 2 openings later", "2 × thread 'memory-hvac-poller' (running dev.yakata.tck.adapters."
                + "BadAdapters$LeaksAThread.lambda$open$0(BadAdapters.java:", "now in java.lang.Thread.sleep(native)",
                "any more of them after two more opens and closes is a leak", "stop them in close()");
        assertContained(report);
    }

    @Test
    void anAdapterThatLeaksASocketIsNamedWithTheSocket() {
        ContractReport report = check(Subjects.memory(BadAdapters.LeaksASocket::new, false).build());

        assertNames(report, Clause.NO_LEAKED_SOCKETS, "2 sockets more are open 1.0 s after the last close() returned than"
                + " after the first", "(new since the first: udp 127.0.0.1:", "; udp 127.0.0.1:",
                "any more of them after two more opens and closes is a leak", "close them in close()");
        assertContained(report);
    }

    @Test
    void anAdapterThatHoldsAThreadAndASocketForItsLifetimeLeaksNeither() throws InterruptedException {
        List<HoldsAnEndpoint> made = new java.util.ArrayList<>();
        try {
            ContractReport report = check(Subjects.memory(() -> {
                HoldsAnEndpoint adapter = new HoldsAnEndpoint();
                made.add(adapter);
                return adapter;
            }, true).build());

            assertTrue(report.result(Clause.NO_LEAKED_THREADS).orElseThrow().passed(), report::describe);
            assertTrue(report.result(Clause.NO_LEAKED_SOCKETS).orElseThrow().passed(), report::describe);
            assertTrue(report.results().stream().allMatch(ClauseResult::passed), report::describe);
        } finally {
            for (HoldsAnEndpoint adapter : made) {
                adapter.release();
            }
        }
    }

    @Test
    void aBundleThatRegistersTheAdapterTwiceIsNamedWithBothComponents() {
        ContractReport report = check(Subjects.memory(MemoryHvac::new, false)
                .bundleClasses(Subjects.bundle("registers-twice")).build());

        assertNames(report, Clause.REGISTERS_ONCE, "registers twice", "component dev.yakata.tck.adapters.MemoryHvac in"
                + " OSGI-INF/dev.yakata.tck.adapters.MemoryHvac.xml and component dev.yakata.tck.adapters.MemoryHvacAgain",
                "yakata.adapter.id=memory-hvac", "keeps the first that registers and ignores the second");
        assertEquals(List.of(Clause.REGISTERS_ONCE), failed(report), report::describe);
        assertContained(report);
    }

    @Test
    void aBundleThatListsItsAdapterTwiceInServiceComponentIsNamed() {
        List<Finding> found = BundleDescriptors.check(Subjects.bundle("listed-twice"), MemoryHvac.ID);

        assertEquals(1, found.size(), found::toString);
        assertTrue(found.get(0).message().startsWith("registers twice: component dev.yakata.tck.adapters.MemoryHvac in"
                + " OSGI-INF/dev.yakata.tck.adapters.MemoryHvac.xml and component dev.yakata.tck.adapters.MemoryHvac in"
                + " OSGI-INF/dev.yakata.tck.adapters.MemoryHvac.xml"), found::toString);
        assertTrue(found.get(0).message().endsWith("list each descriptor once in Service-Component"), found::toString);
    }

    @Test
    void aBundleWhoseComponentHasNoAdapterIdOrAnotherIsNamed() {
        List<Finding> found = BundleDescriptors.check(Subjects.bundle("memory-hvac"), "acme-hvac");

        assertEquals(1, found.size(), found::toString);
        assertTrue(found.get(0).message().startsWith("no component registers a DeviceAdapter with yakata.adapter.id=acme-hvac"
                + " among OSGI-INF/dev.yakata.tck.adapters.MemoryHvac.xml"), found::toString);
    }

    @Test
    void aBundleWithoutAManifestIsNamed() {
        ContractReport report = check(Subjects.memory(MemoryHvac::new, false)
                .bundleClasses(Path.of("target/no-such-bundle")).build());

        assertNames(report, Clause.REGISTERS_ONCE, "there is no bundle manifest at", "build the bundle first");
    }

    @Test
    void anAdapterThatPublishesMalformedValuesIsNamedWithPointValueAndWhy() {
        ContractReport report = check(Subjects.memory(BadAdapters.PublishesMalformedValues::new, false).build());

        assertNames(report, Clause.VALUES_WELL_FORMED, "publishes malformed values", "point 'supply-temp' (analog) got String"
                + " 'warm', which the hub drops");
        assertNames(report, Clause.VALUES_WELL_FORMED, "point 'fan-speed' is not in the device file");
        assertNames(report, Clause.VALUES_WELL_FORMED, "point 'setpoint' was stamped 1970-01-01T00:00:12Z, before 2000");
        assertContained(report);
    }

    @Test
    void anAdapterThatIgnoresADisconnectionIsNamed() {
        ContractReport report = check(Subjects.memory(BadAdapters.IgnoresDisconnect::new, true).build());

        assertNames(report, Clause.DISCONNECT_GOES_OFFLINE, "the device stayed ONLINE for 3.0 s after its connection was cut",
                "StatusDetail.COMMUNICATION_ERROR");
        assertNames(report, Clause.DISCONNECT_GOES_OFFLINE, "points setpoint=22.0 (GOOD), supply-temp=21.5 (GOOD) kept their"
                + " values", "Publish PointValue.bad()");
        assertContained(report);
    }

    @Test
    void anAdapterThatGoesOfflineWithoutAReasonIsNamed() {
        ContractReport report = check(Subjects.memory(BadAdapters.ReportsWithoutReasons::new, true).build());

        assertNames(report, Clause.STATUS_WITH_REASONS, "reported OFFLINE (COMMUNICATION_ERROR) with no reason",
                "Say what is wrong and where");
        assertNames(report, Clause.STATUS_WITH_REASONS, "reported OFFLINE with detail NONE", "give the detail code");
        assertContained(report);
    }

    @Test
    void anAdapterThatKeepsACommandTheHubTimedOutIsNamed() {
        ContractReport report = check(Subjects.memory(BadAdapters.KeepsTimedOutCommands::new, true).build());

        assertNames(report, Clause.TIMED_OUT_COMMAND_CANCELLED, "the stage execute() returned was not cancelled",
                "toCompletableFuture() gives a copy", "Return the CompletableFuture itself");
        assertNames(report, Clause.TIMED_OUT_COMMAND_CANCELLED, "published memory-hvac.write-result for write setpoint=22.0",
                "after the hub had timed it out; drop the request when its stage is cancelled");
        assertContained(report);
    }

    @Test
    void anAdapterThatHangsInCloseWhileItsDeviceIsSilentIsNamed() {
        ContractReport report = check(Subjects.memory(BadAdapters.HangsInCloseWhileSilent::new, true)
                .limits(Subjects.SHORT.withClose(Duration.ofSeconds(1))).build());

        assertNames(report, Clause.NEVER_HANGS_THE_HUB, "close() while the device was silent", "past the hub's limit of 1.0 s");
        assertNames(report, Clause.OPENS_AND_CLOSES_IN_TIME, "close() while the device was silent");
        assertContained(report);
    }

    @Test
    void anAdapterThatFloodsTheHubIsNamed() {
        ContractReport report = check(Subjects.memory(BadAdapters.Floods::new, false).build());

        assertNames(report, Clause.VALUES_WELL_FORMED, "published more than 2000 values and events in one second",
                "FAULT (EVENT_FLOOD)");
        assertHubHeld(report, DeviceState.FAULT, StatusDetail.EVENT_FLOOD);
    }

    @Test
    void anAdapterThatIsSlowToOpenIsNamedAndItsDeviceIsIsolated() {
        ContractReport report = check(Subjects.memory(BadAdapters.SlowToOpen::new, false)
                .limits(Subjects.SHORT.withOpen(Duration.ofSeconds(1))).build());

        assertNames(report, Clause.OPENS_AND_CLOSES_IN_TIME, "open() took", "the hub's limit is 1.0 s", "FAULT (ADAPTER_TIMEOUT)",
                "connect, discover and read on context.scheduler()");
        assertHubHeld(report, DeviceState.FAULT, StatusDetail.ADAPTER_TIMEOUT);
        assertTrue(report.result(Clause.COMMANDS_COMPLETE).orElseThrow().skipReason().contains("open() took longer than the hub"
                + " allows, so the device never ran"), report::describe);
    }

    @Test
    void anAdapterThatBlocksInExecuteIsNamed() {
        ContractReport report = check(Subjects.memory(BadAdapters.BlocksInExecute::new, false).build());

        assertNames(report, Clause.COMMANDS_COMPLETE, "execute(write setpoint=22.0) had not returned after", "must"
                + " return at once with a stage");
        assertEquals(1, report.findings(Clause.COMMANDS_COMPLETE).size(), "a hung execute() is not also 'never completes"
                + " commands':\n" + report.describe());
        assertHubHeld(report, DeviceState.FAULT, StatusDetail.ADAPTER_TIMEOUT);
    }

    @Test
    void anAdapterThatAnswersAProfileActionUnknownAndPublishesUndeclaredPayloadsIsNamed() {
        ContractReport report = check(AdapterUnderTest.of(BadAdapters.SloppyDoor.ID, BadAdapters.SloppyDoor::new)
                .deviceFile(BadAdapters.SloppyDoor.DEVICE_FILE).limits(Subjects.SHORT).grace(Duration.ofSeconds(1))
                .bundleClasses(Subjects.bundle("sloppy-door")).build());

        assertNames(report, Clause.HONOURS_PROFILE, "the door profile's action 'lock' was answered REJECTED 'unknown action"
                + " lock'", "implement it, or map it onto points");
        assertNames(report, Clause.HONOURS_PROFILE, "published card.swiped without 'direction' and with 'facility', which the"
                + " profile does not declare", "declares card.swiped with 'reader', 'direction', 'card'");
        assertContained(report);
    }

    @Test
    void aDeviceFileThatMissesARequiredRoleIsReportedInTheParsersWords() {
        ContractReport report = check(AdapterUnderTest.of(MemoryHvac.ID, MemoryHvac::new).deviceFile("""
                device.type = door
                adapter = memory-hvac
                point.locked.kind = binary
                """).bundleClasses(Subjects.bundle("memory-hvac")).build());

        assertNames(report, Clause.HONOURS_PROFILE, "the device file does not load", "the door profile needs a point for role"
                + " 'contact' (binary: true while the door is closed)");
        assertTrue(report.result(Clause.COMMANDS_COMPLETE).orElseThrow().skipped(), report::describe);
    }

    @Test
    void aDeviceFileForAnotherAdapterIsRefusedWhenTheSubjectIsBuilt() {
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> AdapterUnderTest.of("acme", MemoryHvac::new).deviceFile(MemoryHvac.DEVICE_FILE).build());

        assertTrue(refused.getMessage().contains("names adapter 'memory-hvac', but the adapter under test is 'acme'"),
                refused.getMessage());
    }

    /** Runs the contract and prints its report, so the build log shows each fault's wording. */
    private static ContractReport check(AdapterUnderTest subject) {
        ContractReport report = AdapterContract.check(subject);
        System.out.println(report.describe());
        return report;
    }

    /** The clause failed, and one of its findings says all of these. */
    private static void assertNames(ContractReport report, Clause clause, String... words) {
        ClauseResult result = report.result(clause).orElseThrow();
        assertTrue(result.failed(), () -> clause + " should have failed:\n" + report.describe());
        assertTrue(result.findings().stream().anyMatch(f -> Arrays.stream(words).allMatch(f.message()::contains)),
                () -> "no finding of " + clause + " says " + Arrays.toString(words) + ":\n" + report.describe());
    }

    /** The hub held the device in this state with this detail at some point, with a reason. */
    private static void assertHubHeld(ContractReport report, DeviceState state, StatusDetail detail) {
        assertTrue(report.hubStatuses().stream().anyMatch(s -> s.state() == state && s.detail() == detail
                && !s.reason().isBlank()), () -> "the hub never showed " + state + " (" + detail + "):\n" + report.describe());
        assertContained(report);
    }

    /** The device ended FAULT or OFFLINE with a reason: the hub kept the adapter's trouble to its device. */
    private static void assertContained(ContractReport report) {
        assertFalse(report.hubStatuses().isEmpty(), report::describe);
        DeviceStatus last = report.hubStatuses().get(report.hubStatuses().size() - 1);
        assertTrue(last.state() != DeviceState.ONLINE && !last.reason().isBlank(), () -> "the hub left the device " + last
                + ":\n" + report.describe());
    }

    private static List<Clause> failed(ContractReport report) {
        return report.results().stream().filter(ClauseResult::failed).map(ClauseResult::clause).toList();
    }
}
