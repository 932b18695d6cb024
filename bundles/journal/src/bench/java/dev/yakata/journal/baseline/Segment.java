package dev.yakata.journal.baseline;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One segment file and what the outbox knows about it. The channel stays open for the segment's life, so reads are
 * positional reads on an open file; the appender writes only the active (unsealed) segment.
 */
final class Segment {

    /** Where valid records continue after a damaged stretch: file offset and the sequence number found there. */
    record Resume(long offset, long sequence) {
    }

    final long firstSequence;
    final Path path;
    final FileChannel channel;

    /** End of the last whole record; readers never look beyond it. Written by the appender after the bytes. */
    volatile long committedEnd;

    /** Sequence number of the last record below {@link #committedEnd}, or {@code firstSequence - 1} when empty. */
    volatile long lastSequence;

    /** Set once no more records will be appended; {@link #committedEnd} is final from then on. */
    volatile boolean sealed;

    /** Set (under the outbox read lock) when the file has been deleted after delivery. */
    volatile boolean deleted;

    /** Offsets of every {@link Outbox#INDEX_STRIDE}-th record, so a read from any sequence skips few records. */
    final ConcurrentSkipListMap<Long, Long> index = new ConcurrentSkipListMap<>();

    /** Damaged stretches already counted and logged, by the offset where they start. Guarded by the read lock. */
    final Map<Long, Resume> damaged = new HashMap<>();

    private Segment(long firstSequence, Path path, FileChannel channel) {
        this.firstSequence = firstSequence;
        this.path = path;
        this.channel = channel;
        this.lastSequence = firstSequence - 1;
    }

    /** Opens an existing segment file; {@code writable} only for the one that will take appends. */
    static Segment open(Path path, long firstSequence, boolean writable) throws IOException {
        FileChannel channel = writable
                ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.READ);
        Segment segment = new Segment(firstSequence, path, channel);
        segment.committedEnd = channel.size();
        return segment;
    }

    /** Creates a new, empty segment file in {@code directory}. */
    static Segment create(Path directory, long firstSequence) throws IOException {
        Path path = directory.resolve(RecordFormat.segmentFileName(firstSequence));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new Segment(firstSequence, path, channel);
    }

    @Override
    public String toString() {
        return path.getFileName().toString();
    }
}
