package com.example.shutterworks.adapter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads SWP/1 lines: UTF-8, ended by LF, a CR before the LF dropped, at most {@code maxBytes} bytes. A line that is
 * too long or not UTF-8 is consumed whole and reported as a {@link MalformedLineException}, so the next call reads the
 * next line: one bad line never desynchronises the stream. Not thread-safe (one reader thread per connection).
 */
final class LineReader {

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[4096];
    private int next;
    private int end;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    LineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /**
     * The next line, or {@code null} at the end of the stream (a last line without LF is dropped: the connection
     * broke in the middle of it).
     *
     * @throws MalformedLineException for a line over the limit or not UTF-8 (already consumed)
     * @throws IOException            when the stream fails, including a read timeout
     */
    String readLine() throws IOException, MalformedLineException {
        line.reset();
        boolean tooLong = false;
        while (true) {
            if (next == end) {
                end = in.read(buffer);
                next = 0;
                if (end < 0) {
                    end = 0;
                    return null;
                }
            }
            byte b = buffer[next++];
            if (b == '\n') {
                break;
            }
            if (tooLong) {
                continue;
            }
            line.write(b);
            if (line.size() > maxBytes + 1) { // one more for a CR before the LF
                tooLong = true;
                line.reset();
            }
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        if (tooLong || length > maxBytes) {
            throw new MalformedLineException("line longer than " + maxBytes + " bytes");
        }
        try {
            return utf8.reset().decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedLineException("line is not UTF-8");
        }
    }
}
