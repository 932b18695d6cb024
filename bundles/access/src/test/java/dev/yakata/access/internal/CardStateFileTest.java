package dev.yakata.access.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.yakata.access.rules.CardState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The operators' overrides on disk: by pseudonym only, read back as written, replaced whole. */
public class CardStateFileTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final TestPseudonyms pseudonyms = new TestPseudonyms();

    @Test
    public void overridesComeBackAsWrittenAndTheFileHoldsNoCardNumber() throws Exception {
        Path path = temp.getRoot().toPath().resolve("data/yakata/access/card-states.properties");
        CardStateFile file = new CardStateFile(path);
        assertTrue("no file yet: no override", file.load().isEmpty());
        Map<String, CardState> overrides = Map.of(pseudonyms.ofCard("staff-0107"), CardState.LOST,
                pseudonyms.ofCard("visitor-0001"), CardState.SUSPENDED);
        file.save(overrides);
        assertEquals(overrides, new CardStateFile(path).load());
        String text = Files.readString(path, StandardCharsets.UTF_8);
        assertFalse(text, text.contains("staff-0107") || text.contains("visitor-0001"));
        try (Stream<Path> files = Files.list(path.getParent())) {
            assertEquals("no temporary file left beside it", 1, files.count());
        }
        file.save(Map.of());
        assertTrue(file.load().isEmpty());
    }

    @Test
    public void aNumberIsNeverWrittenAndALineThatIsNoPseudonymIsSkippedWhenRead() throws Exception {
        Path path = temp.getRoot().toPath().resolve("card-states.properties");
        CardStateFile file = new CardStateFile(path);
        assertThrows(IllegalArgumentException.class, () -> file.save(Map.of("staff-0107", CardState.LOST)));
        assertFalse(Files.exists(path));
        String good = pseudonyms.ofCard("staff-0107");
        Files.writeString(path, "staff-0107 = lost\n" + good.replace(":", "\\:") + " = revoked\n"
                + pseudonyms.ofCard("x").replace(":", "\\:") + " = sleepy\n");
        assertEquals(Map.of(good, CardState.REVOKED), file.load());
    }
}
