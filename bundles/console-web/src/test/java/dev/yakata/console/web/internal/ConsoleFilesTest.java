package dev.yakata.console.web.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * What the console's own files promise: every word in both languages, and nothing the strict Content-Security-Policy
 * would block or that would turn API data into markup.
 */
public class ConsoleFilesTest {

    static final Path WEB = Path.of("src/main/resources/web");
    private static final Pattern KEY = Pattern.compile("^\\s*\"([^\"]+)\"\\s*:", Pattern.MULTILINE);
    /** Literal message keys in the code: i18n: 'k', i18n: ['k', ...], t('k'...), data-i18n="k", confirmKey/title: 'k'. */
    private static final Pattern USED = Pattern.compile(
            "(?:i18n: \\[?|\\bt\\(|title: |Key = |data-i18n(?:-[a-z-]+)?=\")['\"]([a-z][A-Za-z]*\\.[A-Za-z.]+)['\"]");

    @Test
    public void japaneseAndEnglishHaveExactlyTheSameMessages() throws IOException {
        Set<String> ja = keys(WEB.resolve("i18n/ja.json"));
        Set<String> en = keys(WEB.resolve("i18n/en.json"));
        Set<String> onlyJa = new TreeSet<>(ja);
        onlyJa.removeAll(en);
        Set<String> onlyEn = new TreeSet<>(en);
        onlyEn.removeAll(ja);
        assertTrue("only in ja.json: " + onlyJa, onlyJa.isEmpty());
        assertTrue("only in en.json: " + onlyEn, onlyEn.isEmpty());
        assertTrue("message files look empty", ja.size() > 100);
    }

    @Test
    public void everyMessageKeyTheCodeNamesExistsInTheMessageFiles() throws IOException {
        Set<String> known = keys(WEB.resolve("i18n/ja.json"));
        Set<String> missing = new TreeSet<>();
        int used = 0;
        for (Path file : webFiles(".js", ".html")) {
            Matcher m = USED.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                used++;
                if (!known.contains(m.group(1))) {
                    missing.add(WEB.relativize(file) + ": " + m.group(1));
                }
            }
        }
        assertTrue("too few keys found in the code (" + used + "): is the pattern still right?", used > 80);
        assertTrue("keys with no message: " + missing, missing.isEmpty());
    }

    @Test
    public void theCodeNeverBuildsMarkupFromStringsNorEvaluatesThem() throws IOException {
        List<String> found = new ArrayList<>();
        Pattern banned = Pattern.compile("innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\(|new Function|setTimeout\\(['\"]");
        for (Path file : webFiles(".js")) {
            Matcher m = banned.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                found.add(WEB.relativize(file) + ": " + m.group());
            }
        }
        assertTrue("markup or eval in the console's code: " + found, found.isEmpty());
    }

    @Test
    public void thePagesHaveNoInlineScriptStyleOrHandlerTheContentSecurityPolicyWouldBlock() throws IOException {
        for (String name : new String[] {"index.html", "api.html"}) {
            String page = Files.readString(WEB.resolve(name), StandardCharsets.UTF_8);
            assertTrue(name + ": inline script", !Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(page).find());
            assertTrue(name + ": inline style", !page.contains("<style") && !page.contains("style="));
            assertTrue(name + ": inline handler", !Pattern.compile("\\son[a-z]+=").matcher(page).find());
        }
        assertEquals("the policy is the strict one", true,
                ConsoleWebContext.CONTENT_SECURITY_POLICY.startsWith("default-src 'self'; script-src 'self'; style-src 'self';"));
    }

    static Set<String> keys(Path json) throws IOException {
        Set<String> keys = new TreeSet<>();
        Matcher m = KEY.matcher(Files.readString(json, StandardCharsets.UTF_8));
        while (m.find()) {
            assertTrue("key twice in " + json + ": " + m.group(1), keys.add(m.group(1)));
        }
        return keys;
    }

    private static List<Path> webFiles(String... suffixes) throws IOException {
        try (Stream<Path> files = Files.walk(WEB)) {
            return files.filter(p -> Stream.of(suffixes).anyMatch(s -> p.toString().endsWith(s))).sorted().toList();
        }
    }
}
