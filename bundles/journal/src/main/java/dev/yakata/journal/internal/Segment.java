package dev.yakata.journal.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One segment file and what the journal knows about it. The channel stays open for the segment's life, so reads are
 * positional reads on an open file; the appender writes only the active (unsealed) segment.
 */
final class Segment {

    /** Where valid records continue after a damaged stretch: file offset and the position found there. */
    record Resume(long offset, long position) {
    }

    final long firstPosition;
    final Path path;
    final FileChannel channel;

    /** End of the last whole record; readers never look beyond it. Written by the appender after the bytes. */
    volatile long committedEnd;

    /** Position of the last record below {@link #committedEnd}, or {@code firstPosition - 1} when empty. */
    volatile long lastPosition;

    /** Set once no more records will be appended; {@link #committedEnd} is final from then on. */
    volatile boolean sealed;

    /** Set (under the journal's exclusive segment lock) when the file has been deleted. */
    volatile boolean deleted;

    /** Offsets of every {@link SegmentedJournal#INDEX_STRIDE}-th record, so a read from any position skips few. */
    final ConcurrentSkipListMap<Long, Long> index = new ConcurrentSkipListMap<>();

    /** Damaged stretches already counted and logged, by the offset where they start; shared by every cursor. */
    final Map<Long, Resume> damaged = new ConcurrentHashMap<>();

    private Segment(long firstPosition, Path path, FileChannel channel) {
        this.firstPosition = firstPosition;
        this.path = path;
        this.channel = channel;
        this.lastPosition = firstPosition - 1;
    }

    /** Records it holds (damaged ones included), as far as known. */
    long records() {
        return lastPosition - firstPosition + 1;
    }

    /** Opens an existing segment file; {@code writable} only for the one that will take appends. */
    static Segment open(Path path, long firstPosition, boolean writable) throws IOException {
        FileChannel channel = writable
                ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.READ);
        Segment segment = new Segment(firstPosition, path, channel);
        segment.committedEnd = channel.size();
        return segment;
    }

    /** Creates a new, empty segment file in {@code directory}. */
    static Segment create(Path directory, long firstPosition) throws IOException {
        Path path = directory.resolve(RecordFormat.segmentFileName(firstPosition));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new Segment(firstPosition, path, channel);
    }

    @Override
    public String toString() {
        return path.getFileName().toString();
    }
}
