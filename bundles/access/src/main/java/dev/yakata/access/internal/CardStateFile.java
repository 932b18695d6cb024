package dev.yakata.access.internal;

import dev.yakata.access.rules.CardState;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' card-state overrides on disk ({@code card-states.properties}): one line per card,
 * {@code card\:<24 hex digits> = suspended|lost|revoked}, by pseudonym only, so the file holds no card number.
 * Written whole after each change, so a crash leaves the previous or the new version, never half of one.
 */
final class CardStateFile {

    private static final Logger LOG = LoggerFactory.getLogger(CardStateFile.class);

    /** What a card pseudonym looks like; anything else is never written, and skipped when read. */
    static final Pattern PSEUDONYM = Pattern.compile("card:[0-9a-f]{24}");

    private final Path file;

    CardStateFile(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The overrides kept, or none when there is no file yet; a line that is not a pseudonym and a state is skipped. */
    Map<String, CardState> load() throws IOException {
        Map<String, CardState> overrides = new TreeMap<>();
        if (!Files.exists(file)) {
            return overrides;
        }
        Properties properties = new Properties();
        try (Reader reader = new StringReader(Files.readString(file, StandardCharsets.UTF_8))) {
            properties.load(reader);
        }
        for (String card : properties.stringPropertyNames()) {
            String value = properties.getProperty(card).trim();
            CardState state = parse(value);
            if (!PSEUDONYM.matcher(card).matches() || state == null || state == CardState.ACTIVE) {
                LOG.warn("Access control: {} has a line '{} = {}' that is not a card pseudonym with suspended, lost or "
                        + "revoked; it is ignored", file, card, value);
                continue;
            }
            overrides.put(card, state);
        }
        return overrides;
    }

    /** Replaces the file with these overrides. */
    void save(Map<String, CardState> overrides) throws IOException {
        StringBuilder text = new StringBuilder("# Operators' card-state overrides (yakata:card-suspend, card-lost, "
                + "card-revoke; card-reinstate removes a line).\n# Card pseudonyms only, never card numbers. Written "
                + "by the hub; edit with the commands, not by hand.\n");
        new TreeMap<>(overrides).forEach((card, state) -> {
            if (!PSEUDONYM.matcher(card).matches()) {
                throw new IllegalArgumentException("not a card pseudonym, so not written: " + card);
            }
            // ':' separates a key from its value in a properties file, so the pseudonym's own is escaped.
            text.append(card.replace(":", "\\:")).append(" = ").append(state.name().toLowerCase(Locale.ROOT))
                    .append('\n');
        });
        AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static CardState parse(String value) {
        try {
            return CardState.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
