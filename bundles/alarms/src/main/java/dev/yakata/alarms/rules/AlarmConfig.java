package dev.yakata.alarms.rules;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The alarm files of {@code etc/alarms/} as one configuration: every {@code *.cfg} file, read in name order, checked
 * against the hub's devices and profiles. Loading is all or nothing: the first problem refuses the whole folder, so
 * the configuration in force is never half of a save.
 *
 * @param conditions the conditions, in file order
 * @param schedules  the schedules by name
 * @param files      the files read
 */
public record AlarmConfig(List<Condition> conditions, Map<String, Schedule> schedules, List<String> files) {

    public AlarmConfig {
        conditions = List.copyOf(conditions);
        schedules = Map.copyOf(schedules);
        files = List.copyOf(files);
    }

    /** No conditions: what is in force before the first good load. */
    public static AlarmConfig empty() {
        return new AlarmConfig(List.of(), Map.of(), List.of());
    }

    /** The condition with this id, or null. */
    public Condition condition(String id) {
        for (Condition condition : conditions) {
            if (condition.id().equals(id)) {
                return condition;
            }
        }
        return null;
    }

    /** Reads every {@code *.cfg} file of a folder. */
    public static AlarmConfig load(Path folder, Catalog catalog) throws AlarmFileException {
        SortedMap<String, String> texts = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            throw new AlarmFileException(folder.toString(), 0, "the folder does not exist; create it and put the "
                    + "alarm conditions in *.cfg files (see docs/alarms.md)");
        }
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path file : (Iterable<Path>) entries::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".cfg") && Files.isRegularFile(file)) {
                    texts.put(name, utf8(Files.readAllBytes(file), name));
                }
            }
        } catch (IOException e) {
            throw new AlarmFileException(folder.toString(), 0, "the folder cannot be read (" + e + ")");
        }
        return parse(texts, catalog);
    }

    /** Parses file texts by file name, read in name order. */
    public static AlarmConfig parse(SortedMap<String, String> texts, Catalog catalog) throws AlarmFileException {
        ConfigParser parser = new ConfigParser(catalog);
        for (Map.Entry<String, String> file : texts.entrySet()) {
            parser.file(file.getKey(), file.getValue());
        }
        parser.finish();
        return new AlarmConfig(parser.conditions(), new LinkedHashMap<>(parser.schedules()),
                new ArrayList<>(texts.keySet()));
    }

    private static String utf8(byte[] bytes, String file) throws AlarmFileException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new AlarmFileException(file, 0, "the file is not UTF-8; save it as UTF-8");
        }
    }
}
