package dev.yakata.journal.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One segment file and what the journal knows about it. The channel stays open for the segment's life, so reads are
 * positional reads on an open file. The appender writes only the active (unsealed) segment, through a shared memory
 * mapping of the whole segment: a record copied into it is in the operating system's page cache at once (a killed
 * process loses nothing), without a system call per record. The file is filled with zeros before it is mapped, so
 * its blocks exist (a full disk is an {@link IOException} there, never a fault in the middle of an append), and cut
 * back to its last record when sealed or closed.
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

    /** The writable mapping while the segment takes appends; guarded by the journal's append lock. */
    MappedByteBuffer map;

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

    /**
     * Makes a file prepared in advance (zero-filled, see {@link SegmentedJournal}) the new, empty segment starting at
     * {@code firstPosition}: a rename, so the appender does not wait for the filling.
     */
    static Segment adopt(Path prepared, Path directory, long firstPosition) throws IOException {
        Path path = directory.resolve(RecordFormat.segmentFileName(firstPosition));
        java.nio.file.Files.move(prepared, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Segment(firstPosition, path, channel); // committed end 0: the zeros are no records
    }

    /** Creates a new, empty segment file in {@code directory}. */
    static Segment create(Path directory, long firstPosition) throws IOException {
        Path path = directory.resolve(RecordFormat.segmentFileName(firstPosition));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new Segment(firstPosition, path, channel);
    }

    /**
     * Makes the segment ready to take appends up to {@code capacity} bytes: fills the file with zeros from its
     * committed end and maps it.
     */
    void mapForAppend(long capacity) throws IOException {
        long size = Math.max(capacity, committedEnd);
        long at = Math.max(committedEnd, channel.size()); // a prepared file is zero-filled already
        fillWithZeros(channel, at, size);
        map = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
    }

    /** Writes zeros from {@code at} to {@code size}, so the file's blocks exist before it is mapped. */
    static void fillWithZeros(FileChannel channel, long from, long size) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(1 << 20, Math.max(1, size - from)));
        long at = from;
        while (at < size) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), size - at));
            at += channel.write(zeros, at);
        }
    }

    /** Space left in the mapping after the committed end; 0 when not mapped. */
    long room() {
        return map == null ? 0 : map.capacity() - committedEnd;
    }

    /**
     * Ends appending: unmaps the file and cuts it back to the last record, so a sealed or closed segment holds
     * nothing but records. The caller holds the append lock and no reader looks beyond the committed end.
     */
    void unmapAndTrim() throws IOException {
        MappedByteBuffer mapped = map;
        map = null;
        if (mapped != null) {
            Unmapper.unmap(mapped);
        }
        if (channel.isOpen() && channel.size() > committedEnd) {
            channel.truncate(committedEnd);
        }
    }

    @Override
    public String toString() {
        return path.getFileName().toString();
    }
}
