package dev.yakata.core.model;

import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.device.PointKind;
import dev.yakata.api.profile.Profile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads one device configuration (a ConfigAdmin factory configuration, usually a file
 * {@code etc/dev.yakata.device-<name>.cfg} or {@code .cfg.json}) into a {@link DeviceDefinition}.
 *
 * <pre>
 * device.id   = hvac.2f.server-room      (default: the file's name after "dev.yakata.device-")
 * device.type = hvac                     (required)
 * device.profile = hvac                  (optional; default: the type, when a profile of that name exists)
 * role.&lt;role&gt; = &lt;point id&gt;            (maps a profile role; default: the point whose id is the role's name)
 * adapter     = simulator                (required)
 * name, site, floor, zone                (optional)
 * point.&lt;id&gt;.kind     = analog|binary|multistate|text   (required per point)
 * point.&lt;id&gt;.unit, .writable (true/false), .tags (comma list), .address
 * action.&lt;name&gt;[.refuseWhen|.confirm|.confirmSeconds|.then|.thenAfter]   see {@link ActionDefinition}
 * any other key                          adapter property
 * </pre>
 */
public final class DeviceConfigParser {

    public static final String FACTORY_PID = "dev.yakata.device";
    public static final String FILE_PREFIX = FACTORY_PID + "-";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Set<String> POINT_KEYS = Set.of("kind", "unit", "writable", "tags", "address");
    private static final Set<String> COMMON_KEYS = Set.of("device.id", "device.type", "device.profile", "adapter", "name",
            "site", "floor", "zone");

    private DeviceConfigParser() {
    }

    /** The file a configuration came from (its name only), or the PID when it did not come from a file. */
    public static String sourceName(Map<String, ?> config, String pid) {
        Object file = config.get("felix.fileinstall.filename");
        if (file == null) {
            return pid;
        }
        String text = file.toString();
        return text.substring(text.lastIndexOf('/') + 1);
    }

    /** The device id a file implies when it has no {@code device.id}: its name without prefix and extension. */
    public static String idFromSource(String source) {
        String name = source.startsWith(FILE_PREFIX) ? source.substring(FILE_PREFIX.length()) : source;
        name = name.replaceFirst("\\.cfg\\.json$|\\.cfg$|\\.config$|\\.json$", "");
        int tilde = name.indexOf('~');
        return tilde >= 0 ? name.substring(tilde + 1) : name;
    }

    /** The definition adapters see; {@link #parseDevice} gives the profile and actions too. */
    public static DeviceDefinition parse(Map<String, ?> config, String source) throws DeviceConfigException {
        return parseDevice(config, source).definition();
    }

    /**
     * Reads and checks a device file: common keys, points, the profile and its roles, and the action language. Every
     * problem is one {@link DeviceConfigException} naming the file, the key and the fix.
     */
    public static DeviceConfig parseDevice(Map<String, ?> config, String source) throws DeviceConfigException {
        String id = optionalText(config, "device.id", source);
        if (id == null) {
            id = idFromSource(source);
        }
        if (!ID.matcher(id).matches()) {
            throw new DeviceConfigException(source + ": device id '" + id
                    + "' is not valid; use letters, digits, '.', '_' and '-' (at most 128), e.g. door.2f.server-room");
        }
        String type = requiredText(config, "device.type", source, "the device type, e.g. device.type = door");
        String adapter = requiredText(config, "adapter", source, "the adapter that drives it, e.g. adapter = simulator");

        Map<String, Map<String, Object>> pointKeys = new TreeMap<>();
        Map<String, String> properties = new LinkedHashMap<>();
        Map<String, String> roles = new TreeMap<>();
        Map<String, String> actionKeys = new TreeMap<>();
        for (Map.Entry<String, ?> e : config.entrySet()) {
            String key = e.getKey();
            if (COMMON_KEYS.contains(key) || isFrameworkKey(key)) {
                continue;
            }
            if (ActionDefinition.isActionKey(key)) {
                actionKeys.put(key, text(e.getValue()));
                continue;
            }
            if (key.startsWith("role.")) {
                String role = key.substring(5);
                if (!ID.matcher(role).matches()) {
                    throw new DeviceConfigException(source + ": key '" + key + "' does not name a role; write role.<role> = <point id>");
                }
                roles.put(role, text(e.getValue()).trim());
                continue;
            }
            if (key.startsWith("point.")) {
                int dot = key.lastIndexOf('.');
                String pointId = dot > 6 ? key.substring(6, dot) : "";
                String attribute = key.substring(dot + 1);
                if (pointId.isEmpty() || !POINT_KEYS.contains(attribute)) {
                    throw new DeviceConfigException(source + ": key '" + key + "' is not a point setting; write point.<id>."
                            + String.join("|", new java.util.TreeSet<>(POINT_KEYS)));
                }
                pointKeys.computeIfAbsent(pointId, k -> new LinkedHashMap<>()).put(attribute, e.getValue());
                continue;
            }
            properties.put(key, text(e.getValue()));
        }

        List<PointDefinition> points = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> p : pointKeys.entrySet()) {
            points.add(point(p.getKey(), p.getValue(), source));
        }
        Profile profile = ProfileBinding.resolve(optionalText(config, "device.profile", source), type, source).orElse(null);
        Map<String, String> mapped = ProfileBinding.roles(profile, roles, points, source);
        Map<String, ActionDefinition> actions = ActionDefinition.parseAll(actionKeys, points, profile, source);
        DeviceDefinition definition = DeviceDefinition.builder(id, type, adapter).name(optionalText(config, "name", source))
                .site(optionalText(config, "site", source)).floor(optionalText(config, "floor", source))
                .zone(optionalText(config, "zone", source)).points(points).properties(properties)
                .profile(profile == null ? "" : profile.name()).roles(mapped).build();
        return new DeviceConfig(definition, profile, actions);
    }

    private static PointDefinition point(String pointId, Map<String, Object> keys, String source) throws DeviceConfigException {
        if (!ID.matcher(pointId).matches()) {
            throw new DeviceConfigException(source + ": point id '" + pointId + "' is not valid; use letters, digits, '.', '_' and '-'");
        }
        Object kindValue = keys.get("kind");
        if (kindValue == null) {
            throw new DeviceConfigException(source + ": point '" + pointId + "' has no kind; add point." + pointId
                    + ".kind = analog|binary|multistate|text");
        }
        PointKind kind;
        try {
            kind = PointKind.valueOf(text(kindValue).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DeviceConfigException(source + ": point." + pointId + ".kind = '" + text(kindValue)
                    + "' is not a point kind; use analog, binary, multistate or text");
        }
        Object writableValue = keys.getOrDefault("writable", Boolean.FALSE);
        Object writable = Values.coerce(PointKind.BINARY, writableValue);
        if (!(writable instanceof Boolean)) {
            throw new DeviceConfigException(source + ": point." + pointId + ".writable = '" + text(writableValue)
                    + "' is not a boolean; use true or false");
        }
        Set<String> tags = new LinkedHashSet<>();
        Object tagValue = keys.get("tags");
        if (tagValue != null) {
            Collection<?> items = tagValue instanceof Collection<?> c ? c
                    : tagValue instanceof Object[] a ? Arrays.asList(a) : Arrays.asList(text(tagValue).split(","));
            for (Object item : items) {
                String tag = text(item).trim();
                if (!tag.isEmpty()) {
                    tags.add(tag);
                }
            }
        }
        Object unit = keys.get("unit");
        Object address = keys.get("address");
        return new PointDefinition(pointId, kind, unit == null ? "" : text(unit), (Boolean) writable, tags,
                address == null ? pointId : text(address));
    }

    private static boolean isFrameworkKey(String key) {
        return key.startsWith("service.") || key.startsWith("felix.") || key.startsWith("component.");
    }

    private static String requiredText(Map<String, ?> config, String key, String source, String hint) throws DeviceConfigException {
        String value = optionalText(config, key, source);
        if (value == null) {
            throw new DeviceConfigException(source + ": missing required key '" + key + "'; add " + hint);
        }
        return value;
    }

    private static String optionalText(Map<String, ?> config, String key, String source) throws DeviceConfigException {
        Object value = config.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String)) {
            throw new DeviceConfigException(source + ": key '" + key + "' must be text, not " + value.getClass().getSimpleName()
                    + " (" + text(value) + "); write it as a string, e.g. \"" + key + "\": \"" + text(value) + "\"");
        }
        String text = ((String) value).trim();
        return text.isEmpty() ? null : text;
    }

    private static String text(Object value) {
        return value instanceof Object[] a ? Arrays.toString(a) : String.valueOf(value);
    }
}
