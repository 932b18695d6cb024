package dev.yakata.tck.adapters;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.yakata.tck.AdapterContractTest;
import dev.yakata.tck.AdapterUnderTest;
import dev.yakata.tck.ClauseResult;
import dev.yakata.tck.ContractReport;
import dev.yakata.tck.Limits;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The reference adapter as a vendor tests theirs (from a package of its own, with the TCK's public API only): extend
 * {@link AdapterContractTest}, name the adapter, its device file and the hooks on its simulator. It passes every
 * clause, all of them checked.
 */
class ReferenceDoorContractTest extends AdapterContractTest {

    private DoorDevice door;

    @Override
    protected AdapterUnderTest adapterUnderTest() throws Exception {
        door = new DoorDevice();
        return AdapterUnderTest.of(ReferenceDoorAdapter.ID, ReferenceDoorAdapter::new)
                .deviceFile("""
                        # the reference door, on the test's simulator
                        device.type = door
                        adapter = reference-door
                        name = TCK reference door
                        zone = L1
                        door.host = 127.0.0.1
                        door.port = %d
                        point.locked.kind = binary
                        point.contact.kind = binary
                        point.buzzer.kind = binary
                        point.buzzer.writable = true
                        """.formatted(door.port()))
                .disconnect(door::stop, door::start)
                .silence(door::mute, door::unmute)
                // shorter than the defaults, to keep the TCK's own build quick
                .limits(Limits.defaults().withCommand(Duration.ofMillis(1_500)).withOnline(Duration.ofSeconds(3))
                        .withOffline(Duration.ofSeconds(3)))
                .bundleClasses(Path.of("src/test/resources/bundles/reference-door"))
                .build();
    }

    @Test
    void everyClauseIsCheckedAndPassed() throws Exception {
        ContractReport report = report();
        assertTrue(report.results().stream().allMatch(ClauseResult::passed), report::describe);
    }

    @AfterAll
    void stopTheDoor() throws Exception {
        if (door != null) {
            door.close();
        }
    }
}
