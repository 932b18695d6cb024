package dev.yakata.journal.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/** Looks at and damages a journal's files the way a crash or a bad disk would. */
final class JournalFiles {

    private JournalFiles() {
    }

    static List<Path> segments(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(RecordFormat.SEGMENT_SUFFIX)).sorted().toList();
        }
    }

    static long firstPosition(Path segment) {
        return RecordFormat.firstPositionOf(segment);
    }

    /** Bytes {@link TestEvents#numbered} record {@code position} takes in a segment. */
    static int recordBytes(long position) {
        return RecordFormat.HEADER_BYTES + EventCodec.toBytes(TestEvents.numbered(position)).length;
    }

    /** Offset of record {@code position} in the segment starting at {@code first}, when none was skipped. */
    static long offsetOf(long first, long position) {
        long offset = 0;
        for (long p = first; p < position; p++) {
            offset += recordBytes(p);
        }
        return offset;
    }

    static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) ~one.get(0)).rewind();
            channel.write(one, offset);
        }
    }

    static void write(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }
}
