package com.example.shutterworks.adapter;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One line a controller sends (PROTOCOL.md, "Replies and unsolicited lines"), parsed. {@link #parse} is strict
 * about what SWP/1 fixes (the required STATE fields, their values, tags, codes) and lenient about what a later 1.x
 * may add (unknown STATE fields, unknown line types).
 */
sealed interface ControllerLine {

    /** {@code HELLO SWP/<major>.<minor> <vendor> <model> <firmware>}. */
    record Hello(int major, int minor, String vendor, String model, String firmware) implements ControllerLine {
    }

    /** {@code OK <tag> [comment]}. */
    record Ok(String tag, String comment) implements ControllerLine {
    }

    /** {@code ERR <tag> <code> <text>}; {@code tag} is {@code -} when the controller could not read the request's. */
    record Err(String tag, int code, String text) implements ControllerLine {
    }

    /** {@code STATE state=… position=… obstruction=… closed=… [cause=…] [tag=…]}; cause and tag empty when absent. */
    record State(ShutterState state, double position, boolean obstruction, boolean closed, String cause, String tag)
            implements ControllerLine {
    }

    /** {@code BYE <code> <text>}: the controller is about to close the connection. */
    record Bye(int code, String text) implements ControllerLine {
    }

    /** A line type this adapter does not know (a later SWP/1.x may add some); skipped. */
    record Unknown(String type) implements ControllerLine {
    }

    /** The states a controller reports; fixed in SWP/1, and the shutter profile's {@code state} texts. */
    enum ShutterState { OPEN, CLOSING, CLOSED, OPENING, STOPPED, FAULT }

    Pattern TYPE = Pattern.compile("[A-Z]+");
    Pattern TAG = Pattern.compile("[A-Za-z0-9]{1,12}");
    Pattern CODE = Pattern.compile("[0-9]{3}");
    Pattern VERSION = Pattern.compile("SWP/([0-9]{1,3})\\.([0-9]{1,3})");
    Pattern POSITION = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3})?");
    Set<String> REQUIRED_STATE_FIELDS = Set.of("state", "position", "obstruction", "closed");

    /**
     * Parses one line (without its LF).
     *
     * @throws MalformedLineException when the line breaks SWP/1; the message says how
     */
    static ControllerLine parse(String line) throws MalformedLineException {
        if (line.isEmpty()) {
            throw new MalformedLineException("empty line");
        }
        if (line.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new MalformedLineException("control character in line");
        }
        String[] words = line.split(" ", -1);
        String type = words[0];
        if (!TYPE.matcher(type).matches()) {
            throw new MalformedLineException("line type '" + shorten(type) + "' is not upper-case letters");
        }
        return switch (type) {
            case "HELLO" -> hello(words);
            case "OK" -> ok(line, words);
            case "ERR" -> err(line, words);
            case "STATE" -> state(words);
            case "BYE" -> bye(line, words);
            default -> new Unknown(type);
        };
    }

    private static Hello hello(String[] words) throws MalformedLineException {
        if (words.length < 5) {
            throw new MalformedLineException("HELLO needs SWP/<major>.<minor>, vendor, model and firmware");
        }
        var version = VERSION.matcher(words[1]);
        if (!version.matches()) {
            throw new MalformedLineException("HELLO names protocol '" + shorten(words[1]) + "', not SWP/<major>.<minor>");
        }
        return new Hello(Integer.parseInt(version.group(1)), Integer.parseInt(version.group(2)), words[2], words[3], words[4]);
    }

    private static Ok ok(String line, String[] words) throws MalformedLineException {
        if (words.length < 2 || !TAG.matcher(words[1]).matches()) {
            throw new MalformedLineException("OK without a valid tag");
        }
        return new Ok(words[1], rest(line, 2));
    }

    private static Err err(String line, String[] words) throws MalformedLineException {
        if (words.length < 3) {
            throw new MalformedLineException("ERR needs a tag and a code");
        }
        if (!words[1].equals("-") && !TAG.matcher(words[1]).matches()) {
            throw new MalformedLineException("ERR with a bad tag '" + shorten(words[1]) + "'");
        }
        if (!CODE.matcher(words[2]).matches()) {
            throw new MalformedLineException("ERR with code '" + shorten(words[2]) + "', not three digits");
        }
        return new Err(words[1], Integer.parseInt(words[2]), rest(line, 3));
    }

    private static Bye bye(String line, String[] words) throws MalformedLineException {
        if (words.length < 2 || !CODE.matcher(words[1]).matches()) {
            throw new MalformedLineException("BYE without a three-digit code");
        }
        return new Bye(Integer.parseInt(words[1]), rest(line, 2));
    }

    private static State state(String[] words) throws MalformedLineException {
        Map<String, String> fields = new HashMap<>();
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq <= 0) {
                throw new MalformedLineException("STATE field '" + shorten(words[i]) + "' is not name=value");
            }
            if (fields.put(words[i].substring(0, eq), words[i].substring(eq + 1)) != null) {
                throw new MalformedLineException("STATE field " + words[i].substring(0, eq) + " given twice");
            }
        }
        for (String required : REQUIRED_STATE_FIELDS) {
            if (!fields.containsKey(required)) {
                throw new MalformedLineException("STATE without " + required);
            }
        }
        ShutterState state;
        try {
            state = ShutterState.valueOf(fields.get("state"));
        } catch (IllegalArgumentException e) {
            throw new MalformedLineException("STATE state=" + shorten(fields.get("state")) + " is not one of OPEN, CLOSING, CLOSED, OPENING, STOPPED, FAULT");
        }
        String positionText = fields.get("position");
        if (!POSITION.matcher(positionText).matches() || Double.parseDouble(positionText) > 100) {
            throw new MalformedLineException("STATE position=" + shorten(positionText) + " is not 0.0 to 100.0");
        }
        String tag = fields.getOrDefault("tag", "");
        if (!tag.isEmpty() && !TAG.matcher(tag).matches()) {
            throw new MalformedLineException("STATE with a bad tag '" + shorten(tag) + "'");
        }
        return new State(state, Double.parseDouble(positionText), flag(fields, "obstruction"), flag(fields, "closed"),
                fields.getOrDefault("cause", ""), tag);
    }

    private static boolean flag(Map<String, String> fields, String name) throws MalformedLineException {
        return switch (fields.get(name)) {
            case "0" -> false;
            case "1" -> true;
            default -> throw new MalformedLineException("STATE " + name + "=" + shorten(fields.get(name)) + " is not 0 or 1");
        };
    }

    /** The text after the first {@code words} words, empty when there is none. */
    private static String rest(String line, int words) {
        int at = 0;
        for (int i = 0; i < words; i++) {
            at = line.indexOf(' ', at);
            if (at < 0) {
                return "";
            }
            at++;
        }
        return line.substring(at);
    }

    /** A bounded excerpt for messages, so a hostile line cannot flood the log. */
    static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
