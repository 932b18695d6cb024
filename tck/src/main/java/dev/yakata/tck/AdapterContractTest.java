package dev.yakata.tck;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The adapter contract as JUnit 5 tests: extend it, say what to test, and each clause is a test of its own.
 *
 * <pre>{@code
 * class AcmeDoorContractTest extends AdapterContractTest {
 *     @Override
 *     protected AdapterUnderTest adapterUnderTest() throws Exception {
 *         return AdapterUnderTest.of("acme-door", AcmeDoorAdapter::new)
 *                 .deviceFile(Path.of("src/test/resources/dev.yakata.device-door.test.cfg"))
 *                 .build();
 *     }
 * }
 * }</pre>
 *
 * The scenario runs once, when the first test runs; a failed clause fails with its findings, a clause that cannot be
 * checked (no disconnect hook given) is aborted with the reason. One instance serves every test of the class
 * ({@code PER_CLASS}), so a subclass's own tests may read {@link #report()} without running the scenario again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AdapterContractTest {

    private ContractReport report;
    private Exception notMade;

    /** What to test: the adapter, its device file, and the hooks it offers. Called once. */
    protected abstract AdapterUnderTest adapterUnderTest() throws Exception;

    /** One test per clause, named by its description. */
    @TestFactory
    public Stream<DynamicTest> contract() {
        return Arrays.stream(Clause.values()).map(clause -> DynamicTest.dynamicTest(clause.description(), () -> verify(clause)));
    }

    private void verify(Clause clause) throws Exception {
        ClauseResult result = report().result(clause).orElseThrow();
        switch (result.verdict()) {
            case PASSED -> { }
            case SKIPPED -> Assumptions.abort(result.skipReason());
            case FAILED -> Assertions.fail(clause.description() + ":\n" + result.describe());
        }
    }

    /** The run's report, running the scenario the first time. */
    protected final synchronized ContractReport report() throws Exception {
        if (notMade != null) {
            throw notMade; // adapterUnderTest() failed once: every clause fails with it, it is not called again
        }
        if (report == null) {
            AdapterUnderTest subject;
            try {
                subject = adapterUnderTest();
            } catch (Exception e) {
                notMade = e;
                throw e;
            }
            report = AdapterContract.check(subject);
            System.out.println(report.describe());
        }
        return report;
    }
}
