package dev.yakata.postures.rules;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.Issuer;
import dev.yakata.core.api.CommandCheck;
import dev.yakata.core.api.DeviceInfo;
import dev.yakata.core.api.DeviceRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a posture would do now for one user: every command of every step, and what the hub's checks say of each
 * right now (policy for this user, the device's state, the arguments, the interlocks), asked of the registry without
 * running anything. Its {@link #fingerprint()} covers the posture's definition, the user, and each command with its
 * verdict, so a run confirmed for one plan is refused when the plan has changed.
 *
 * @param posture the posture
 * @param issuer  who would run it
 * @param items   the commands, step by step, devices in id order within a step
 */
public record Plan(Posture posture, Issuer issuer, List<Item> items) {

    /**
     * One command of the plan.
     *
     * @param step      the step's number, 1 up
     * @param line      the step's line in the file
     * @param device    the device
     * @param zone      the device's zone
     * @param action    the action, or {@code write}
     * @param point     the point of a write, else null
     * @param arguments the command's arguments as the file writes them
     * @param check     what the hub's checks say now
     */
    public record Item(int step, int line, String device, String zone, String action, String point,
            Map<String, Object> arguments, CommandCheck check) {

        /** The command this item is, issued by {@code issuer} for a run ({@code correlationId}). */
        public Command command(Issuer issuer, String reason, String correlationId) {
            return Command.builder(device, action).point(point).arguments(arguments).issuer(issuer).reason(reason)
                    .correlationId(correlationId).build();
        }

        /** {@code close}, {@code lock}, {@code write setpoint=26}, {@code lockdown state=on}. */
        public String what() {
            if (point != null) {
                return "write " + point + "=" + arguments.get(Command.VALUE);
            }
            return arguments.isEmpty() ? action : action + " " + arguments;
        }
    }

    public Plan {
        items = List.copyOf(items);
    }

    /** Builds the plan now: each step's selection over the registry's devices, each command checked. */
    public static Plan of(Posture posture, Issuer issuer, DeviceRegistry registry) {
        List<DeviceInfo> devices = registry.devices();
        List<Item> items = new ArrayList<>();
        int number = 0;
        for (Step step : posture.steps()) {
            number++;
            for (DeviceInfo device : step.selection().select(devices)) {
                Map<String, Object> arguments = new LinkedHashMap<>();
                if (step.isWrite()) {
                    arguments.put(Command.VALUE, step.value());
                } else {
                    arguments.putAll(step.arguments());
                }
                Item draft = new Item(number, step.line(), device.id(), device.definition().zone(), step.action(),
                        step.point(), arguments, null);
                CommandCheck check = registry.check(draft.command(issuer, "preview of posture " + posture.name(), ""));
                items.add(new Item(number, step.line(), device.id(), device.definition().zone(), step.action(),
                        step.point(), arguments, check));
            }
        }
        return new Plan(posture, issuer, items);
    }

    /** The items the hub's checks refuse now. */
    public List<Item> refused() {
        return items.stream().filter(i -> !i.check().accepted()).toList();
    }

    /**
     * A digest of the plan: the posture's definition, the user and roles, and each command with its verdict. Two
     * plans with the same fingerprint would do the same things and meet the same refusals.
     */
    public String fingerprint() {
        StringBuilder text = new StringBuilder(posture.definition()).append('\n');
        text.append(issuer.user()).append(' ').append(new TreeSet<>(issuer.roles())).append(' ')
                .append(issuer.channel()).append('\n');
        for (Item item : items) {
            text.append(item.step()).append(' ').append(item.device()).append(' ').append(item.action()).append(' ')
                    .append(item.point()).append(' ').append(item.arguments()).append(' ')
                    .append(item.check().accepted() ? "accepted" : "refused:" + item.check().refusedBy()).append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Where two plans differ, in a sentence for the operator; empty when they do not. */
    public String differenceFrom(Plan other) {
        if (!posture.definition().equals(other.posture.definition())) {
            return "the posture " + posture.name() + " was changed in the file";
        }
        if (!issuer.equals(other.issuer)) {
            return "it was previewed by " + other.issuer.user() + ", not " + issuer.user();
        }
        List<String> changes = new ArrayList<>();
        Map<String, Item> before = new LinkedHashMap<>();
        other.items.forEach(i -> before.put(i.step() + " " + i.device(), i));
        Map<String, Item> now = new LinkedHashMap<>();
        items.forEach(i -> now.put(i.step() + " " + i.device(), i));
        before.forEach((key, was) -> {
            Item is = now.get(key);
            if (is == null) {
                changes.add("step " + was.step() + " no longer selects " + was.device());
            } else if (is.check().accepted() != was.check().accepted()
                    || !is.check().refusedBy().equals(was.check().refusedBy())) {
                changes.add(is.device() + " " + (is.check().accepted() ? "would now run" : "would now be refused ("
                        + is.check().refusedBy() + ": " + is.check().reason() + ")"));
            }
        });
        now.forEach((key, is) -> {
            if (!before.containsKey(key)) {
                changes.add("step " + is.step() + " now also selects " + is.device());
            }
        });
        return String.join("; ", changes);
    }
}
