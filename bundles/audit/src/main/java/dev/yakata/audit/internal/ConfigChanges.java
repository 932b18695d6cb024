package dev.yakata.audit.internal;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.util.secret.SecretKeys;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What changed between two states of one configuration, as a {@code config.changed} event. Pure: the component
 * ({@link ConfigAudit}) gives it the properties it saw before and sees now.
 */
final class ConfigChanges {

    /** What happened to the configuration as a whole. */
    enum Change { CREATED, UPDATED, DELETED }

    /** Where fileinstall says a configuration came from: a location, shown as {@code file}, not a setting. */
    static final String FILE_KEY = "felix.fileinstall.filename";

    private ConfigChanges() {
    }

    /**
     * Keys that are bookkeeping, not settings: ConfigAdmin's own ({@code service.pid}, {@code service.factoryPid},
     * {@code service.bundleLocation}, Felix's {@code :org.apache.felix.configadmin.revision:}) and fileinstall's
     * ({@code felix.fileinstall.*}). Their values change without anyone changing a setting.
     */
    static boolean isBookkeeping(String key) {
        return key.equals("service.pid") || key.equals("service.factoryPid") || key.equals("service.bundleLocation")
                || key.startsWith("felix.fileinstall.") || key.startsWith(":org.apache.felix.configadmin.");
    }

    /**
     * The keys whose values differ, in key order, each as {@code key}, {@code old}, {@code new}: {@code old} is null for
     * an added key, {@code new} null for a removed one, and a secret's values are {@code ******} (both sides, so the
     * record says that it changed, never what to). Bookkeeping keys and values equal on both sides are left out.
     */
    static List<Map<String, Object>> changedKeys(Map<String, ?> before, Map<String, ?> after, Predicate<String> secret) {
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<Map<String, Object>> changed = new ArrayList<>();
        for (String key : keys) {
            if (isBookkeeping(key)) {
                continue;
            }
            Object old = plain(before.get(key));
            Object now = plain(after.get(key));
            if (Objects.equals(old, now)) {
                continue;
            }
            boolean hidden = secret.test(key);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", key);
            entry.put("old", old == null ? null : hidden ? SecretKeys.MASK : old);
            entry.put("new", now == null ? null : hidden ? SecretKeys.MASK : now);
            changed.add(entry);
        }
        return changed;
    }

    /**
     * The event for one change, or empty when an update changed nothing but bookkeeping (fileinstall writing the same
     * file again, a {@code config:update} without edits). A creation or deletion is always recorded, keys or not.
     */
    static Optional<Event> event(Change change, String pid, String factoryPid, Map<String, ?> before,
            Map<String, ?> after, Predicate<String> secret) {
        List<Map<String, Object>> keys = changedKeys(before, after, secret);
        if (change == Change.UPDATED && keys.isEmpty()) {
            return Optional.empty();
        }
        Event.Builder event = Event.builder(EventTypes.CONFIG_CHANGED, AuditSources.SOURCE).subject(pid)
                .put("pid", pid);
        if (factoryPid != null) {
            event.put("factoryPid", factoryPid);
        }
        event.put("change", change.name());
        Object file = after.containsKey(FILE_KEY) ? after.get(FILE_KEY) : before.get(FILE_KEY);
        if (file != null) {
            event.put("file", file.toString());
        }
        return Optional.of(event.put("keys", keys).build());
    }

    /**
     * A ConfigAdmin value as event data: strings, numbers and booleans stay, arrays and collections become lists,
     * anything else its text. Arrays compare by content this way, so re-reading the same file is no change.
     */
    static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value.getClass().isArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0, n = Array.getLength(value); i < n; i++) {
                list.add(plain(Array.get(value, i)));
            }
            return list;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>();
            for (Object element : collection) {
                list.add(plain(element));
            }
            return list;
        }
        return value.toString();
    }
}
