package dev.yakata.tck;

import dev.yakata.api.device.DeviceStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one contract run found: a result per clause, in the order of {@link Clause}, and the statuses the hub showed
 * for the device while it ran (how the hub contained the adapter).
 *
 * @param adapterId   the adapter's {@code yakata.adapter.id}
 * @param results     one result per clause
 * @param hubStatuses every status the hub published for the device, in order (OFFLINE/STARTING, ONLINE, a FAULT the
 *                    hub set when the adapter threw or hung, ...)
 */
public record ContractReport(String adapterId, List<ClauseResult> results, List<DeviceStatus> hubStatuses) {

    public ContractReport {
        Objects.requireNonNull(adapterId, "adapterId");
        results = results == null ? List.of() : List.copyOf(results);
        hubStatuses = hubStatuses == null ? List.of() : List.copyOf(hubStatuses);
    }

    /** Whether no clause failed (skipped clauses do not fail a run). */
    public boolean passed() {
        return results.stream().noneMatch(ClauseResult::failed);
    }

    /** Every finding of every failed clause. */
    public List<Finding> findings() {
        return results.stream().flatMap(r -> r.findings().stream()).toList();
    }

    /** The findings of one clause; empty when it passed or was skipped. */
    public List<Finding> findings(Clause clause) {
        return result(clause).map(ClauseResult::findings).orElse(List.of());
    }

    /** The result of one clause. */
    public Optional<ClauseResult> result(Clause clause) {
        return results.stream().filter(r -> r.clause() == clause).findFirst();
    }

    /** The whole report as text: a line per clause, its findings or skip reason under it. */
    public String describe() {
        long passed = results.stream().filter(ClauseResult::passed).count();
        long failed = results.stream().filter(ClauseResult::failed).count();
        long skipped = results.stream().filter(ClauseResult::skipped).count();
        StringBuilder text = new StringBuilder("Adapter '").append(adapterId).append("' against the Yakata adapter contract: ")
                .append(passed).append(" passed, ").append(failed).append(" failed, ").append(skipped).append(" not checked\n");
        for (ClauseResult result : results) {
            text.append(String.format("  %-7s %s%n", result.verdict(), result.clause().description()));
            if (result.failed()) {
                result.findings().forEach(f -> text.append("          - ").append(f.message()).append('\n'));
            } else if (result.skipped()) {
                text.append("          (").append(result.skipReason()).append(")\n");
            }
        }
        if (!hubStatuses.isEmpty()) {
            text.append("  The hub showed the device as: ")
                    .append(String.join(" -> ", hubStatuses.stream().map(DeviceStatus::toString).toList())).append('\n');
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
