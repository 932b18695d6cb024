package dev.yakata.cctv.internal;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code etc/cctv/entrances.cfg}: which camera watches which entrance door, one {@code door = camera} line each
 * ({@code door.1f.main-entrance = camera.1f.main-entrance}); {@code #} starts a comment. Immutable once parsed.
 */
final class Entrances {

    static final Entrances NONE = new Entrances(Map.of());

    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Map<String, String> cameraByDoor;

    private Entrances(Map<String, String> cameraByDoor) {
        this.cameraByDoor = Collections.unmodifiableMap(cameraByDoor);
    }

    Optional<String> camera(String door) {
        return Optional.ofNullable(cameraByDoor.get(door));
    }

    Map<String, String> cameraByDoor() {
        return cameraByDoor;
    }

    /**
     * Parses the whole file; the first bad line refuses it all, so the caller keeps the previous version.
     *
     * @throws EntrancesException naming the file, the line and the fix
     */
    static Entrances parse(Path file, String text) throws EntrancesException {
        Map<String, String> map = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new EntrancesException(file, n, "'" + line + "' has no '='; write one door and its camera as "
                        + "door.1f.main-entrance = camera.1f.main-entrance");
            }
            String door = line.substring(0, eq).strip();
            String camera = line.substring(eq + 1).strip();
            if (!DEVICE_ID.matcher(door).matches()) {
                throw new EntrancesException(file, n, "'" + door + "' is not a door's device id (letters, digits, "
                        + "'.', '-', '_'); write the door's device.id, e.g. door.1f.main-entrance");
            }
            if (!DEVICE_ID.matcher(camera).matches()) {
                throw new EntrancesException(file, n, "the camera of " + door + " is '" + camera + "', not a device id; "
                        + "write the camera's device.id, e.g. camera.1f.main-entrance (one camera per door)");
            }
            Integer earlier = lineOf.putIfAbsent(door, n);
            if (earlier != null) {
                throw new EntrancesException(file, n, door + " already has camera " + map.get(door) + " on line "
                        + earlier + "; keep one line per door");
            }
            map.put(door, camera);
        }
        return new Entrances(map);
    }

    /** A refused entrances file. */
    static final class EntrancesException extends Exception {
        private static final long serialVersionUID = 1L;

        EntrancesException(Path file, int line, String message) {
            super(file + ":" + line + ": " + message + "; the previous version stays in force");
        }
    }
}
