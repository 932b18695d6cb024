package dev.yakata.access.internal;

import dev.yakata.access.rules.PeopleCsvImport;
import dev.yakata.api.command.Command;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code import-people}: reads a CSV file on the hub, has {@link PeopleImport} turn its good rows into
 * {@code people-<file name>.cfg}, and writes that file whole into the access folder (replacing the previous import
 * of the same name), where the reload finds it within a second. Bad rows are reported by line; a file none of whose
 * rows can be imported is refused and nothing is written.
 */
final class PeopleImportAction {

    /** A personnel export larger than this is not a personnel export. */
    static final long MAX_BYTES = 32L * 1024 * 1024;

    private final PeopleImport importer;
    private final Rules rules;
    private final Path configDir;
    private final ZoneId zone;

    PeopleImportAction(PeopleImport importer, Rules rules, Path configDir, ZoneId zone) {
        this.importer = importer;
        this.rules = rules;
        this.configDir = configDir;
        this.zone = zone;
    }

    Map<String, Object> run(Command command) throws IOException {
        OperatorInput input = new OperatorInput(command, zone);
        Path csv = Path.of(input.text("file")).toAbsolutePath().normalize();
        Charset charset = charset(input.optional("charset"));
        if (!Files.isRegularFile(csv)) {
            throw new RejectedInput("no file " + csv + " on the hub; give the CSV file's path on the hub");
        }
        if (Files.size(csv) > MAX_BYTES) {
            throw new RejectedInput(csv + " is larger than " + MAX_BYTES / (1024 * 1024) + " MB; is it the personnel "
                    + "export?");
        }
        PeopleCsvImport.Result result;
        try {
            result = importer.convert(csv.getFileName().toString(), Files.readAllBytes(csv), charset, rules.config());
        } catch (IllegalArgumentException e) {
            throw new RejectedInput(e.getMessage());
        }
        List<Map<String, Object>> bad = new ArrayList<>();
        for (PeopleCsvImport.BadRow row : result.badRows()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("line", (long) row.line());
            entry.put("reason", row.reason());
            bad.add(entry);
        }
        if (result.people() == 0 && !bad.isEmpty()) {
            throw new RejectedInput("no row of " + csv + " could be imported, so nothing was written; "
                    + result.badRows().stream().limit(3).map(r -> "line " + r.line() + ": " + r.reason())
                            .collect(Collectors.joining("; ")) + (bad.size() > 3 ? "; ..." : ""));
        }
        Path target = configDir.resolve(result.fileName());
        AtomicFiles.write(target, result.text().getBytes(StandardCharsets.UTF_8));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("source", csv.toString());
        data.put("file", target.toString());
        data.put("people", (long) result.people());
        data.put("cards", (long) result.cards());
        data.put("badRows", bad);
        data.put("message", "wrote " + target.getFileName() + " with " + result.people() + " people and "
                + result.cards() + " cards" + (bad.isEmpty() ? "" : ", leaving out " + bad.size() + " bad rows")
                + "; the access files reload within a second (access.config.loaded or access.config.failed)");
        return data;
    }

    private static Charset charset(String name) {
        if (name.isEmpty()) {
            return null;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new RejectedInput("argument charset = \"" + name + "\" is not a charset this hub knows: write UTF-8 "
                    + "or Shift_JIS (windows-31j), or leave it out to detect it");
        }
    }
}
