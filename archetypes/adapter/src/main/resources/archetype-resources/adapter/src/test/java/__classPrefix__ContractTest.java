package ${package};

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.yakata.tck.AdapterContractTest;
import dev.yakata.tck.AdapterUnderTest;
import dev.yakata.tck.Clause;
import dev.yakata.tck.ClauseResult;
import dev.yakata.tck.ContractReport;
import dev.yakata.tck.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The adapter contract (the Yakata TCK) against the simulator: the shipped sample device file, pointed at a
 * simulator on a free loopback port, with short timings so the disconnect and silence clauses run in seconds.
 */
class ${classPrefix}ContractTest extends AdapterContractTest {

    /** The sample device file of etc/, which the deploy profile copies into the hub. */
    static final Path SAMPLE = Path.of("..", "etc", "dev.yakata.device-${adapterId}.demo-1.cfg");

    private ${classPrefix}Simulator simulator;

    @Override
    protected AdapterUnderTest adapterUnderTest() throws Exception {
        simulator = new ${classPrefix}Simulator();
        return AdapterUnderTest.of(${classPrefix}Adapter.ID, ${classPrefix}Adapter::new)
                .deviceFile(deviceFile(simulator.port()))
                .disconnect(simulator::stop, simulator::start)
                .silence(simulator::mute, simulator::unmute)
                .command(${classPrefix}Session.RESET, Map.of())
                .ignoreThreads(${classPrefix}Simulator.THREADS) // the peer's connection threads, not the adapter's
                // A command ends within 1.5 s, well before a silent device is noticed (2.5 s without an answer): so a
                // command sent to the silent device is timed out and cancelled by the hub, as the TCK checks.
                .limits(Limits.defaults().withCommand(Duration.ofMillis(1_500)).withOnline(Duration.ofSeconds(5))
                        .withOffline(Duration.ofSeconds(5)))
                .build();
    }

    /** The sample device file, on the simulator's port, with timings for a test. */
    static String deviceFile(int port) throws Exception {
        String sample = Files.readString(SAMPLE);
        String portLine = ${classPrefix}Settings.PORT + " = " + ${classPrefix}Settings.DEFAULT_PORT;
        if (!sample.contains(portLine)) {
            throw new IllegalStateException(SAMPLE + " no longer sets " + portLine);
        }
        return sample.replace(portLine, ${classPrefix}Settings.PORT + " = " + port)
                + "\n" + ${classPrefix}Settings.POLL + " = 200"
                + "\n" + ${classPrefix}Settings.REPLY_TIMEOUT + " = 2500"
                + "\n" + ${classPrefix}Settings.RECONNECT_MIN + " = 100"
                + "\n" + ${classPrefix}Settings.RECONNECT_MAX + " = 1000\n";
    }

    /**
     * The clause tests above abort a clause the TCK could not check; this makes that a failure too, so a hook that
     * stops working is noticed. Sockets are counted from /proc/self/fd, so off Linux that one clause is not checked.
     */
    @Test
    void everyClauseIsChecked() throws Exception {
        ContractReport report = report();
        boolean socketsCounted = Files.isDirectory(Path.of("/proc/self/fd"));
        List<ClauseResult> unchecked = report.results().stream().filter(ClauseResult::skipped)
                .filter(r -> socketsCounted || r.clause() != Clause.NO_LEAKED_SOCKETS).toList();
        assertTrue(unchecked.isEmpty(), () -> "not checked: " + unchecked + "\n" + report.describe());
    }

    @AfterAll
    void stopTheSimulator() throws Exception {
        if (simulator != null) {
            simulator.close();
        }
    }
}
