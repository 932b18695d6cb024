package dev.yakata.access.rules;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One meaningful line of a file in etc/access/, split into words. Words are separated by white space; a value with
 * spaces is written in double quotes (inside them {@code \"} is a quote and {@code \\} a backslash); {@code #} outside
 * quotes starts a comment. A comma joins words into one list whether or not spaces follow it
 * ({@code hall, back-office} is the word {@code hall,back-office}).
 */
final class ConfigLine {

    /** A word and whether it was quoted: a quoted word is never taken for a keyword. */
    record Word(String text, boolean quoted) {
        boolean is(String keyword) {
            return !quoted && text.equals(keyword);
        }
    }

    final String file;
    final int number;
    final List<Word> words;

    private ConfigLine(String file, int number, List<Word> words) {
        this.file = file;
        this.number = number;
        this.words = words;
    }

    /** {@code zones.cfg:7}, as errors and decisions name places. */
    String where() {
        return file + ":" + number;
    }

    int size() {
        return words.size();
    }

    String text(int index) {
        return words.get(index).text();
    }

    boolean is(int index, String keyword) {
        return index < words.size() && words.get(index).is(keyword);
    }

    AccessFileException error(String message) {
        return new AccessFileException(file, number, message);
    }

    /**
     * The lines of a file's bytes that hold something (blank and comment-only lines are skipped).
     *
     * @throws AccessFileException when the bytes are not UTF-8 or a quote is not closed
     */
    static List<ConfigLine> parse(byte[] bytes, String file) throws AccessFileException {
        String text = decodeUtf8(bytes, file);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // editors on Windows save a byte-order mark
        }
        List<ConfigLine> lines = new ArrayList<>();
        int number = 0;
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            number++;
            String line = text.substring(start, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            List<Word> words = split(line, file, number);
            if (!words.isEmpty()) {
                lines.add(new ConfigLine(file, number, words));
            }
            start = end + 1;
        }
        return lines;
    }

    private static String decodeUtf8(byte[] bytes, String file) throws AccessFileException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never gives more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new AccessFileException(file, line, "this line is not UTF-8 text (a file saved as Shift_JIS?); "
                    + "save the file as UTF-8");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    static List<Word> split(String line, String file, int number) throws AccessFileException {
        List<Word> words = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                break;
            } else if (c == '"') {
                int opened = i;
                StringBuilder value = new StringBuilder();
                boolean closed = false;
                i++;
                while (i < n) {
                    char d = line.charAt(i);
                    if (d == '\\' && i + 1 < n && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                        value.append(line.charAt(i + 1));
                        i += 2;
                    } else if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    } else {
                        value.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new AccessFileException(file, number, "the quote opened at column " + (opened + 1)
                            + " is not closed; end the value with a \" on the same line, e.g. name \"山田 太郎\"");
                }
                if (i < n && !Character.isWhitespace(line.charAt(i)) && line.charAt(i) != '#') {
                    throw new AccessFileException(file, number, "the quoted value ending at column " + i
                            + " runs into the next word; put a space after the closing quote");
                }
                words.add(new Word(value.toString(), true));
            } else {
                int begin = i;
                while (i < n && !Character.isWhitespace(line.charAt(i)) && line.charAt(i) != '#') {
                    if (line.charAt(i) == '"') {
                        // the word is not repeated: it may be a card number
                        throw new AccessFileException(file, number, "a quote at column " + (i + 1)
                                + " is inside a word; a quoted value starts after a space, e.g. name \"山田 太郎\"");
                    }
                    i++;
                }
                words.add(new Word(line.substring(begin, i), false));
            }
        }
        return joinLists(words);
    }

    /** "hall," + "back-office" and "hall" + ",back-office" are one list word. */
    private static List<Word> joinLists(List<Word> words) {
        List<Word> joined = new ArrayList<>(words.size());
        for (Word word : words) {
            if (!joined.isEmpty()) {
                Word last = joined.get(joined.size() - 1);
                if (!last.quoted() && !word.quoted() && (last.text().endsWith(",") || word.text().startsWith(","))) {
                    joined.set(joined.size() - 1, new Word(last.text() + word.text(), false));
                    continue;
                }
            }
            joined.add(word);
        }
        return joined;
    }
}
