package dev.yakata.journal.baseline;

import static dev.yakata.journal.baseline.RecordFormat.HEADER_BYTES;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable, ordered, append-only queue of byte records in a directory; single process. Thread-safe.
 *
 * <p>Built for one appender thread (the bus listener) and one reader that also acknowledges (the publisher), with
 * statistics read from anywhere. Records are numbered 1, 2, 3 ... and the numbering continues across restarts, so a
 * consumer can de-duplicate by sequence number.
 *
 * <p><b>Durability.</b> {@link #append} returns once the record is written to the operating system, without
 * waiting for the device: a killed or crashed process loses nothing {@code append} returned for. A background thread
 * forces data to the device every {@link OutboxSettings#syncIntervalMillis()}, which bounds what an operating-system
 * crash or power loss can take. The acknowledged sequence number is written at most every
 * {@link OutboxSettings#cursorSyncMillis()} and on {@link #close}; after a crash delivery restarts a little early,
 * never late: duplicates are possible, losses are not.
 *
 * <p><b>Layout.</b> Segment files named after their first sequence number (see {@link RecordFormat}), a
 * {@code cursor} file with the acknowledged sequence number, and an {@code outbox.lock} file that keeps a second
 * process out. Once every record of a segment is acknowledged, the segment file is deleted.
 *
 * <p><b>Recovery.</b> {@link #open} checks the last segment record by record: a record cut short by a crash is
 * truncated away (logged at WARN with file and offset). A damaged record anywhere (checksum, length or sequence
 * wrong) is skipped, counted in {@link OutboxStatistics#corruptRecordsSkipped()} and logged once with file and
 * offset; the records after it are kept. A missing or damaged cursor makes delivery restart from the oldest stored
 * record.
 */
public final class Outbox implements AutoCloseable {

    /** Every this many records the offset of a record is remembered, for reads that do not continue the last one. */
    static final int INDEX_STRIDE = 128;

    static final String LOCK_FILE_NAME = "outbox.lock";

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final int INITIAL_WRITE_BUFFER_BYTES = 64 * 1024;

    private final Path directory;
    private final OutboxSettings settings;
    private final FileChannel lockChannel;
    private final FileLock lock;

    /** All segment files by first sequence number; the last one is {@link #active}. */
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();

    /** Held while appending or rolling to a new segment. Lock order: append lock before read lock. */
    private final ReentrantLock appendLock = new ReentrantLock();
    /** Held while reading, and while deleting segments so no read uses a closed file. */
    private final ReentrantLock readLock = new ReentrantLock();
    /** Held while forcing data and writing the cursor. */
    private final ReentrantLock syncLock = new ReentrantLock();

    private final CRC32C writeChecksum = new CRC32C(); // guarded by appendLock
    private ByteBuffer writeBuffer = ByteBuffer.allocateDirect(INITIAL_WRITE_BUFFER_BYTES); // guarded by appendLock
    private final RecordScanner scanner; // guarded by readLock
    private ReadPosition readPosition; // guarded by readLock

    private volatile Segment active;
    private volatile long lastSequence;
    private final AtomicLong acknowledged = new AtomicLong();
    private long persistedAcknowledged = -1; // guarded by syncLock

    /** Set by appends to the active segment, cleared when the background thread forces it. */
    private final AtomicBoolean activeDirty = new AtomicBoolean();
    /** Segments sealed since the last sync; forced by the background thread, never by the appender. */
    private final ConcurrentLinkedQueue<Segment> sealedAwaitingSync = new ConcurrentLinkedQueue<>();
    /** Set when a segment file was created or deleted, so the directory entry is forced too. */
    private final AtomicBoolean directoryDirty = new AtomicBoolean();

    private final AtomicLong bytesOnDisk = new AtomicLong();
    private volatile long appended; // written only under appendLock
    private final AtomicLong corruptRecordsSkipped = new AtomicLong();
    private final AtomicLong rejectedFull = new AtomicLong();

    private final ScheduledExecutorService syncer;
    private volatile boolean syncFailing;
    private volatile boolean closed;

    /** Where the last read stopped, so the next read continuing from there starts without searching. */
    private static final class ReadPosition {
        Segment segment;
        long offset;
        long nextSequence;

        ReadPosition(Segment segment, long offset, long nextSequence) {
            this.segment = segment;
            this.offset = offset;
            this.nextSequence = nextSequence;
        }
    }

    private Outbox(Path directory, OutboxSettings settings, FileChannel lockChannel, FileLock lock) {
        this.directory = directory;
        this.settings = settings;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.scanner = new RecordScanner(settings.maxRecordBytes());
        String threadName = "yakata-outbox-sync-" + directory.getFileName();
        this.syncer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Opens the outbox in {@code directory}, creating the directory if needed and recovering what a crash left.
     *
     * @throws IOException if the directory cannot be used, or another process (or another {@code Outbox} in this
     *         one) has it open
     */
    public static Outbox open(Path directory, OutboxSettings settings) throws IOException {
        Objects.requireNonNull(settings, "settings");
        Path dir = Files.createDirectories(directory).toAbsolutePath();
        FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE_NAME), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lockChannel.close();
            throw new IOException("Outbox " + dir + " is already open in this process", e);
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("Outbox " + dir + " is in use by another process");
        }
        Outbox outbox = new Outbox(dir, settings, lockChannel, lock);
        try {
            outbox.recover();
        } catch (IOException | RuntimeException e) {
            outbox.releaseFiles();
            throw e;
        }
        outbox.startSyncing();
        return outbox;
    }

    /**
     * Appends a record and returns its sequence number. Returns once the bytes are with the operating system; never
     * waits for the device.
     *
     * @throws OutboxFullException if the record would take the segment files beyond
     *         {@link OutboxSettings#maxBytes()}; nothing was written
     * @throws IllegalArgumentException if the record is longer than {@link OutboxSettings#maxRecordBytes()}
     * @throws IOException if writing failed or the outbox is closed; nothing was appended
     */
    public long append(byte[] record) throws OutboxFullException, IOException {
        Objects.requireNonNull(record, "record");
        if (record.length > settings.maxRecordBytes()) {
            throw new IllegalArgumentException("Record of " + record.length + " bytes exceeds the outbox limit of "
                    + settings.maxRecordBytes() + " bytes");
        }
        int size = HEADER_BYTES + record.length;
        appendLock.lock();
        try {
            ensureOpen();
            long used = bytesOnDisk.get();
            if (used + size > settings.maxBytes()) {
                rejectedFull.incrementAndGet();
                throw new OutboxFullException(used, settings.maxBytes());
            }
            Segment segment = active;
            if (segment.committedEnd > 0 && segment.committedEnd + size > settings.segmentBytes()) {
                segment = roll(segment);
            }
            long sequence = lastSequence + 1;
            ByteBuffer bytes = encode(sequence, record);
            long offset = segment.committedEnd;
            try {
                while (bytes.hasRemaining()) {
                    segment.channel.write(bytes, offset + bytes.position());
                }
            } catch (IOException e) {
                discardPartialWrite(segment, offset);
                throw e;
            }
            if ((sequence - segment.firstSequence) % INDEX_STRIDE == 0) {
                segment.index.put(sequence, offset);
            }
            segment.lastSequence = sequence;
            // lastSequence before committedEnd: a reader that sees the record may acknowledge it at once.
            lastSequence = sequence;
            segment.committedEnd = offset + size; // publishes the record to readers of this segment
            bytesOnDisk.addAndGet(size);
            activeDirty.set(true);
            appended++;
            return sequence;
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Up to {@code max} records with sequence number {@code >= fromSeq} that are still stored, in order; an empty
     * list when there are none. Removes nothing. Reading on from where the previous read stopped costs no search.
     * Damaged records are skipped (see the class description), so sequence numbers may have gaps.
     *
     * @throws IOException if a segment cannot be read or the outbox is closed
     */
    public List<OutboxRecord> read(long fromSeq, int max) throws IOException {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive but was " + max);
        }
        long from = Math.max(1, fromSeq);
        readLock.lock();
        try {
            ensureOpen();
            long last = lastSequence;
            if (from > last) {
                return List.of();
            }
            List<OutboxRecord> records = new ArrayList<>((int) Math.min(max, last - from + 1));
            ReadPosition position = positionFor(from);
            while (records.size() < max) {
                Segment segment = position.segment;
                boolean sealed = segment.sealed; // read before committedEnd: once sealed, committedEnd is final
                long limit = segment.committedEnd;
                long maxSequence = segment.lastSequence;
                if (!segment.damaged.isEmpty()) {
                    Segment.Resume known = segment.damaged.get(position.offset);
                    if (known != null) {
                        position.offset = known.offset();
                        position.nextSequence = known.sequence();
                    }
                }
                if (position.offset >= limit) {
                    if (!sealed) {
                        break; // caught up with the appender
                    }
                    if (position.nextSequence <= maxSequence) {
                        recordDamage(segment, limit, position.nextSequence, limit, maxSequence + 1,
                                "the file ends before its last record");
                    }
                    Map.Entry<Long, Segment> next = segments.higherEntry(segment.firstSequence);
                    if (next == null) {
                        break; // the appender is between sealing this segment and adding the next
                    }
                    position.segment = next.getValue();
                    position.offset = 0;
                    position.nextSequence = next.getKey();
                    continue;
                }
                if (scanner.decode(segment, position.offset, limit, position.nextSequence, maxSequence)) {
                    long sequence = scanner.sequence();
                    if (sequence != position.nextSequence) {
                        recordDamage(segment, position.offset, position.nextSequence, position.offset, sequence,
                                "records are missing");
                    }
                    if (sequence >= from) {
                        records.add(new OutboxRecord(sequence, scanner.payload()));
                    }
                    if ((sequence - segment.firstSequence) % INDEX_STRIDE == 0) {
                        segment.index.putIfAbsent(sequence, position.offset);
                    }
                    position.offset += HEADER_BYTES + scanner.length();
                    position.nextSequence = sequence + 1;
                    continue;
                }
                long resumeOffset = scanner.resync(segment, position.offset, limit, position.nextSequence,
                        maxSequence);
                if (resumeOffset >= 0) {
                    recordDamage(segment, position.offset, position.nextSequence, resumeOffset, scanner.sequence(),
                            "checksum, length or sequence number wrong");
                } else if (sealed) {
                    recordDamage(segment, position.offset, position.nextSequence, limit, maxSequence + 1,
                            "checksum, length or sequence number wrong up to the end of the file");
                } else {
                    // Damage in the segment still being written (not a crash: a crash only damages the tail, which
                    // open() repairs). Wait for a later intact record rather than guess where records resume.
                    break;
                }
            }
            return records;
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Marks every record up to and including {@code seq} as delivered. Cheap: the value is written to disk by the
     * background thread (at most every {@link OutboxSettings#cursorSyncMillis()}) and on {@link #close}. Segment
     * files whose records are all delivered are deleted right away, freeing room for appends. Lower values than
     * already acknowledged are ignored.
     *
     * @throws IllegalArgumentException if {@code seq} is beyond {@link #lastSequence()}
     */
    public void acknowledge(long seq) {
        long last = lastSequence;
        if (seq > last) {
            throw new IllegalArgumentException("Cannot acknowledge " + seq + ": the last appended record is " + last);
        }
        long previous = acknowledged.getAndAccumulate(seq, Math::max);
        if (seq > previous) {
            Map.Entry<Long, Segment> oldest = segments.firstEntry();
            if (oldest != null && oldest.getValue().sealed && oldest.getValue().lastSequence <= seq) {
                deleteDeliveredSegments();
            }
        }
    }

    /** Highest acknowledged sequence number (0 if none), as recovered at open and updated by {@link #acknowledge}. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Highest appended sequence number (0 if none). */
    public long lastSequence() {
        return lastSequence;
    }

    /** Records appended but not yet acknowledged. */
    public long pending() {
        return Math.max(0, lastSequence - acknowledged.get());
    }

    /** The directory this outbox keeps its files in. */
    public Path directory() {
        return directory;
    }

    public OutboxSettings settings() {
        return settings;
    }

    public OutboxStatistics statistics() {
        long last = lastSequence;
        long ack = acknowledged.get();
        return new OutboxStatistics(appended, ack, last, Math.max(0, last - ack), bytesOnDisk.get(), segments.size(),
                corruptRecordsSkipped.get(), rejectedFull.get());
    }

    /** Forces appended data and the acknowledged sequence number to disk now. */
    public void flush() throws IOException {
        ensureOpen();
        syncData();
        persistCursor();
    }

    /** Flushes and releases the files. Further appends and reads throw {@link IOException}. Idempotent. */
    @Override
    public void close() throws IOException {
        appendLock.lock();
        readLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            readLock.unlock();
            appendLock.unlock();
        }
        syncer.shutdown();
        try {
            if (!syncer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Outbox {}: background sync did not stop within 10 s", directory);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            syncData();
            persistCursor();
        } finally {
            releaseFiles();
        }
        LOG.debug("Outbox {} closed at sequence {}, acknowledged {}", directory, lastSequence, acknowledged.get());
    }

    @Override
    public String toString() {
        return "Outbox[" + directory + ", acknowledged " + acknowledged.get() + " of " + lastSequence + "]";
    }

    // ---- appending

    private ByteBuffer encode(long sequence, byte[] payload) {
        int size = HEADER_BYTES + payload.length;
        if (writeBuffer.capacity() < size) {
            writeBuffer = ByteBuffer.allocateDirect(Math.max(size, 2 * writeBuffer.capacity()));
        }
        ByteBuffer buffer = writeBuffer.clear();
        buffer.putInt(payload.length).putInt(0).putLong(sequence).put(payload);
        int checksum = RecordFormat.checksum(writeChecksum, buffer, 0, payload.length);
        buffer.putInt(4, checksum);
        buffer.limit(size).position(0);
        return buffer;
    }

    /** Seals the full segment and starts the next one. The old one is forced by the background thread. */
    private Segment roll(Segment full) throws IOException {
        Segment next = Segment.create(directory, lastSequence + 1);
        full.sealed = true;
        sealedAwaitingSync.add(full);
        segments.put(next.firstSequence, next);
        directoryDirty.set(true);
        active = next;
        LOG.debug("Outbox {}: sealed {} ({} bytes), appending to {}", directory, full, full.committedEnd, next);
        return next;
    }

    /** After a failed write, cuts off what part of the record reached the file, so it cannot look like data. */
    private void discardPartialWrite(Segment segment, long offset) {
        try {
            segment.channel.truncate(offset);
        } catch (IOException e) {
            // The bytes stay beyond committedEnd: readers never look there, the next append overwrites them and
            // open() would truncate them as a torn tail.
            LOG.debug("Outbox {}: could not truncate {} after a failed write", directory, segment, e);
        }
    }

    // ---- reading

    private ReadPosition positionFor(long from) {
        ReadPosition cached = readPosition;
        if (cached != null && !cached.segment.deleted && cached.nextSequence == from) {
            return cached;
        }
        Map.Entry<Long, Segment> containing = segments.floorEntry(from);
        Segment segment = containing != null ? containing.getValue() : segments.firstEntry().getValue();
        ReadPosition position = new ReadPosition(segment, 0, segment.firstSequence);
        if (containing != null) {
            Map.Entry<Long, Long> indexed = segment.index.floorEntry(from);
            if (indexed != null) {
                position.offset = indexed.getValue();
                position.nextSequence = indexed.getKey();
            }
            if (cached != null && cached.segment == segment && cached.nextSequence <= from
                    && cached.nextSequence > position.nextSequence) {
                position.offset = cached.offset;
                position.nextSequence = cached.nextSequence;
            }
        }
        readPosition = position;
        return position;
    }

    /**
     * Counts and logs a damaged stretch once and remembers where records resume, so later reads skip it silently.
     * Runs under the read lock (or during open).
     */
    private void recordDamage(Segment segment, long offset, long expectedSequence, long resumeOffset,
            long resumeSequence, String what) {
        if (segment.damaged.containsKey(offset)) {
            return;
        }
        segment.damaged.put(offset, new Segment.Resume(resumeOffset, resumeSequence));
        long lost = Math.max(0, resumeSequence - expectedSequence);
        corruptRecordsSkipped.addAndGet(lost);
        LOG.warn("Outbox segment {}: {} damaged record(s) skipped at offset {} ({}); sequence {} to {} lost, "
                + "reading resumes at offset {}", segment.path, lost, offset, what, expectedSequence,
                resumeSequence - 1, resumeOffset);
    }

    // ---- deleting delivered segments

    private void deleteDeliveredSegments() {
        readLock.lock();
        try {
            if (closed) {
                return;
            }
            long ack = acknowledged.get();
            for (Segment segment : segments.values()) {
                if (!segment.sealed || segment.lastSequence > ack) {
                    break; // segments are in order, and the active one is never sealed
                }
                segments.remove(segment.firstSequence);
                segment.deleted = true;
                scanner.forget(segment);
                closeQuietly(segment.channel);
                try {
                    Files.deleteIfExists(segment.path);
                    bytesOnDisk.addAndGet(-segment.committedEnd);
                    directoryDirty.set(true);
                    LOG.debug("Outbox {}: deleted delivered segment {}", directory, segment);
                } catch (IOException e) {
                    // Still counted in bytesOnDisk; open() deletes it next time as delivered.
                    LOG.warn("Outbox {}: could not delete delivered segment {}", directory, segment.path, e);
                }
            }
        } finally {
            readLock.unlock();
        }
    }

    // ---- syncing

    private void startSyncing() {
        syncer.scheduleWithFixedDelay(() -> runSync(false), settings.syncIntervalMillis(),
                settings.syncIntervalMillis(), TimeUnit.MILLISECONDS);
        syncer.scheduleWithFixedDelay(() -> runSync(true), settings.cursorSyncMillis(), settings.cursorSyncMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Body of the background tasks; must not throw, or the executor would stop running it. */
    private void runSync(boolean withCursor) {
        try {
            syncData();
            if (withCursor) {
                persistCursor(); // after the data, so the cursor on disk never runs ahead of the records on disk
            }
            if (syncFailing) {
                syncFailing = false;
                LOG.info("Outbox {}: background sync works again", directory);
            }
        } catch (Exception e) {
            if (closed) {
                return;
            }
            if (!syncFailing) {
                syncFailing = true;
                LOG.warn("Outbox {}: background sync failed; retrying every {} ms (data is safe from a process "
                        + "crash, not yet from a power loss)", directory, settings.syncIntervalMillis(), e);
            } else {
                LOG.debug("Outbox {}: background sync failed again", directory, e);
            }
        }
    }

    private void syncData() throws IOException {
        syncLock.lock();
        try {
            boolean dirty = activeDirty.getAndSet(false);
            // Read active before draining: a segment sealed after this point is still active here, so it is forced.
            Segment current = active;
            try {
                Segment sealed;
                while ((sealed = sealedAwaitingSync.peek()) != null) {
                    force(sealed);
                    sealedAwaitingSync.poll();
                }
                if (dirty) {
                    force(current);
                }
            } catch (IOException e) {
                activeDirty.set(dirty || activeDirty.get());
                throw e;
            }
            if (directoryDirty.getAndSet(false)) {
                CursorFile.forceDirectory(directory);
            }
        } finally {
            syncLock.unlock();
        }
    }

    private static void force(Segment segment) throws IOException {
        try {
            segment.channel.force(false);
        } catch (ClosedChannelException e) {
            if (!segment.deleted) {
                throw e;
            }
        }
    }

    private void persistCursor() throws IOException {
        syncLock.lock();
        try {
            long ack = acknowledged.get();
            if (ack != persistedAcknowledged) {
                CursorFile.write(directory, ack);
                persistedAcknowledged = ack;
            }
        } finally {
            syncLock.unlock();
        }
    }

    // ---- opening and closing

    private void recover() throws IOException {
        Files.deleteIfExists(directory.resolve(CursorFile.TEMPORARY_NAME));
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(file -> RecordFormat.firstSequenceOf(file) > 0)
                    .sorted(Comparator.comparingLong(RecordFormat::firstSequenceOf))
                    .toList();
        }
        OptionalLong cursor = CursorFile.read(directory);
        for (int i = 0; i < files.size(); i++) {
            boolean tail = i == files.size() - 1;
            Path file = files.get(i);
            Segment segment = Segment.open(file, RecordFormat.firstSequenceOf(file), tail);
            if (!tail) {
                segment.sealed = true;
                segment.lastSequence = RecordFormat.firstSequenceOf(files.get(i + 1)) - 1;
            }
            segments.put(segment.firstSequence, segment);
            bytesOnDisk.addAndGet(segment.committedEnd);
        }
        if (segments.isEmpty()) {
            long next = cursor.orElse(0) + 1;
            startActiveSegment(next);
            lastSequence = next - 1;
            if (cursor.isPresent()) {
                LOG.warn("Outbox {}: no segment files but a cursor at {}; numbering continues at {}", directory,
                        cursor.getAsLong(), next);
            }
        } else {
            Segment tail = segments.lastEntry().getValue();
            repairTail(tail);
            active = tail;
            lastSequence = tail.lastSequence;
        }

        long oldestStored = segments.firstKey();
        long ack;
        if (cursor.isPresent()) {
            // A cursor behind the oldest segment: segments were deleted after acknowledgement, before the cursor was
            // written. Everything below the oldest segment is gone either way.
            ack = Math.max(cursor.getAsLong(), oldestStored - 1);
            persistedAcknowledged = cursor.getAsLong();
        } else {
            ack = oldestStored - 1;
            if (lastSequence >= oldestStored) {
                LOG.warn("Outbox {}: no usable cursor file; delivery restarts from the oldest stored record {} "
                        + "(consumers drop duplicates by sequence number)", directory, oldestStored);
            }
        }
        if (ack > lastSequence) {
            // Only after an operating-system crash: the cursor reached the disk, the last records did not. Number new
            // records after the cursor, or they would count as delivered.
            LOG.warn("Outbox {}: cursor {} is beyond the last stored record {}; numbering continues at {}",
                    directory, ack, lastSequence, ack + 1);
            Segment tail = active;
            if (tail.committedEnd == 0) {
                segments.remove(tail.firstSequence);
                bytesOnDisk.addAndGet(-tail.committedEnd);
                tail.channel.close();
                Files.delete(tail.path);
            } else {
                tail.sealed = true;
                sealedAwaitingSync.add(tail);
            }
            startActiveSegment(ack + 1);
            lastSequence = ack;
        }
        acknowledged.set(ack);
        deleteDeliveredSegments();
        LOG.info("Outbox {} opened: {} pending (sequence {} to {}), {} segment(s), {} bytes", directory, pending(),
                ack + 1, lastSequence, segments.size(), bytesOnDisk.get());
    }

    private void startActiveSegment(long firstSequence) throws IOException {
        Segment segment = Segment.create(directory, firstSequence);
        segments.put(firstSequence, segment);
        directoryDirty.set(true);
        active = segment;
    }

    /**
     * Checks every record of the last segment. A torn tail (the record a crash interrupted, with no intact record
     * after it) is truncated; damage followed by intact records is skipped and counted.
     */
    private void repairTail(Segment tail) throws IOException {
        RecordScanner tailScanner = new RecordScanner(settings.maxRecordBytes());
        long limit = tail.committedEnd;
        long offset = 0;
        long expected = tail.firstSequence;
        while (offset < limit) {
            if (tailScanner.decode(tail, offset, limit, expected, Long.MAX_VALUE)) {
                long sequence = tailScanner.sequence();
                if (sequence != expected) {
                    recordDamage(tail, offset, expected, offset, sequence, "records are missing");
                }
                if ((sequence - tail.firstSequence) % INDEX_STRIDE == 0) {
                    tail.index.put(sequence, offset);
                }
                tail.lastSequence = sequence;
                expected = sequence + 1;
                offset += HEADER_BYTES + tailScanner.length();
                continue;
            }
            long resumeOffset = tailScanner.resync(tail, offset, limit, expected, Long.MAX_VALUE);
            if (resumeOffset < 0) {
                LOG.warn("Outbox segment {}: incomplete record at offset {} ({} bytes to the end of the file), left "
                        + "by a crash during append; truncating to the last whole record", tail.path, offset,
                        limit - offset);
                tail.channel.truncate(offset);
                tail.channel.force(true);
                bytesOnDisk.addAndGet(offset - limit);
                limit = offset;
                break;
            }
            recordDamage(tail, offset, expected, resumeOffset, tailScanner.sequence(),
                    "checksum, length or sequence number wrong");
            offset = resumeOffset;
            expected = tailScanner.sequence();
        }
        tail.committedEnd = limit;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("Outbox " + directory + " is closed");
        }
    }

    private void releaseFiles() throws IOException {
        syncer.shutdownNow();
        for (Segment segment : segments.values()) {
            closeQuietly(segment.channel);
        }
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Closing an outbox segment failed", e);
        }
    }
}
