package dev.yakata.shutters.internal;

import dev.yakata.shutters.rules.ShutterState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One group command under way: a command per shutter, each settled once (reached its target, refused, FAULT, stopped
 * short, or failed). Touched only on the supervision thread, except {@link #members} which is filled before the run is
 * handed over.
 */
final class GroupRun {

    enum Result { REACHED, REFUSED, FAULT, STOPPED, FAILED }

    /** One shutter of the run. */
    static final class Member {
        final String shutter;
        final String command;
        /** The shutter's machine saw this command issued, or its outcome came: from now on STOPPED means stopped short. */
        boolean started;
        Result result;
        String reason = "";
        ShutterState state;

        Member(String shutter, String command) {
            this.shutter = shutter;
            this.command = command;
        }
    }

    final String group;
    final String action;
    final String correlation;
    final String user;
    /** The state that counts as done: CLOSED, OPEN, or null for stop (any state at rest). */
    final ShutterState target;
    final long startedNanos;
    final long deadlineNanos;
    final Map<String, Member> members = new LinkedHashMap<>();
    int settled;

    GroupRun(String group, String action, String correlation, String user, ShutterState target, long startedNanos,
            long deadlineNanos) {
        this.group = group;
        this.action = action;
        this.correlation = correlation;
        this.user = user;
        this.target = target;
        this.startedNanos = startedNanos;
        this.deadlineNanos = deadlineNanos;
    }

    boolean reached(ShutterState state) {
        return target == null ? state != null && !state.moving() && state != ShutterState.FAULT : state == target;
    }

    boolean done() {
        return settled == members.size();
    }

    /** Settles a member once; false when it was settled already. */
    boolean settle(Member member, Result result, ShutterState state, String reason) {
        if (member.result != null) {
            return false;
        }
        member.result = result;
        member.state = state;
        member.reason = reason == null ? "" : reason;
        settled++;
        return true;
    }

    /** The summary's data: which reached the target, which were refused, went FAULT, stopped short or failed, and why. */
    Map<String, Object> summary() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("group", group);
        data.put("action", action);
        data.put("target", target == null ? "at rest" : target.name());
        data.put("total", (long) members.size());
        data.put("reached", members.values().stream().filter(m -> m.result == Result.REACHED).map(m -> m.shutter).toList());
        for (Result result : List.of(Result.REFUSED, Result.FAULT, Result.STOPPED, Result.FAILED)) {
            Map<String, Object> why = new LinkedHashMap<>();
            members.values().stream().filter(m -> m.result == result).forEach(m -> why.put(m.shutter, m.reason));
            data.put(result.name().toLowerCase(java.util.Locale.ROOT), why);
        }
        return data;
    }
}
