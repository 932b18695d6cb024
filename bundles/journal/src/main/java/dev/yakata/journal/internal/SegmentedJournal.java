package dev.yakata.journal.internal;

import static dev.yakata.journal.internal.RecordFormat.HEADER_BYTES;

import dev.yakata.api.event.Event;
import dev.yakata.journal.api.Journal;
import dev.yakata.journal.api.JournalCursor;
import dev.yakata.journal.api.JournalEntry;
import dev.yakata.journal.api.JournalStatistics;
import dev.yakata.util.log.RateLimitedLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Journal} in a directory of segment files; one process. The MQTT outbox's design (segments, CRC-32C,
 * cursor files, fsync policy, recovery), generalised to several named cursors and transient ones.
 *
 * <p><b>Layout.</b> Segment files named after their first position (see {@link RecordFormat}), one
 * {@code <consumer>.cursor} file per named cursor (see {@link CursorFile}), and a {@code journal.lock} file that keeps
 * a second process out.
 *
 * <p><b>Durability.</b> {@link #append} copies the record into the active segment's shared memory mapping, so it is in
 * the operating system's page cache when {@code append} returns: a killed process loses nothing {@code append}
 * returned for, and no system call is made per record (see {@link Segment}). The thread {@code yakata-journal-sync}
 * forces data to the disk every {@link JournalSettings#syncIntervalMillis()} and then releases {@link #awaitDurable}
 * waiters. The thread
 * {@code yakata-journal-cursors} writes each named cursor's committed position (never beyond what is durable) every
 * {@link JournalSettings#cursorSyncMillis()}, and then deletes the segments every named cursor's <em>written</em>
 * position has passed, so a crash never finds a cursor behind a segment deleted as delivered. With no named cursor at
 * all nothing is deleted as delivered: the first consumer to come starts with the oldest record kept. The thread
 * {@code yakata-journal-prepare} zero-fills the next segment's file in advance, so rolling to it is a rename.
 *
 * <p><b>Space.</b> An append that would take the segments beyond {@link JournalSettings#maxBytes()} first removes the
 * oldest segments (never the one being written). Cursors that had not read them lose those records: each cursor's
 * {@link JournalCursor#lost()} counts them, {@link JournalStatistics#removedForSpace()} counts the records some named
 * cursor had not committed, and a WARN (at most one a minute, with the number suppressed) names the file, the
 * positions and the consumers. A cursor finds out on its next poll and carries on with the oldest record kept. The
 * appender only takes the segment out of the journal; the cursor thread deletes the file once no cursor reads it.
 *
 * <p><b>Recovery.</b> {@link #open} checks the last segment record by record: a record cut short by a crash is
 * truncated away (logged with file and offset). A damaged record anywhere (checksum, length or position wrong), or
 * one whose payload is not a readable event, is skipped, counted once in {@link JournalStatistics#corrupted()} and in
 * the {@link JournalCursor#corrupted()} of each cursor that passes it, and logged once with file and offset; the
 * records after it are delivered.
 *
 * <p><b>Locks.</b> {@code appendLock} orders appends; the segment lock is shared by cursors while they read a batch
 * and taken exclusively to delete a segment, so no read uses a closed file. Order: append lock before segment lock.
 * A cursor never waits for new records while holding either.
 */
public final class SegmentedJournal implements Journal, AutoCloseable {

    /** Every this many records the offset of a record is remembered, for reads that do not continue the last one. */
    static final int INDEX_STRIDE = 128;

    static final String LOCK_FILE_NAME = "journal.lock";

    /**
     * Names of the next segment's file, zero-filled in advance by the prepare thread so a roll is a rename, not a fill:
     * {@code next-segment-<n>.tmp}, a new name each time, so a preparation never writes to a file a roll has taken.
     */
    static final String PREPARED_PREFIX = "next-segment-";
    static final String PREPARED_SUFFIX = ".tmp";

    private static final Logger LOG = LoggerFactory.getLogger(SegmentedJournal.class);
    private static final long SPACE_LOG_INTERVAL_MILLIS = 60_000;

    private final Path directory;
    private final JournalSettings settings;
    private final FileChannel lockChannel;
    private final FileLock lock;

    /** All segment files by first position; the last one is {@link #active}. Never empty once open. */
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();

    private final ReentrantLock appendLock = new ReentrantLock();
    private final ReentrantReadWriteLock segmentLock = new ReentrantReadWriteLock();
    /** Held while forcing data. */
    private final ReentrantLock syncLock = new ReentrantLock();
    /** Held while writing cursor files and deleting delivered segments. */
    private final ReentrantLock cursorLock = new ReentrantLock();

    private final EventCodec codec = new EventCodec(); // guarded by appendLock
    private final CRC32C writeChecksum = new CRC32C(); // guarded by appendLock

    private volatile Segment active;
    private volatile long head;
    private volatile long durable;
    private final Object durableMonitor = new Object();

    /** Cursors waiting for an append, so the appender signals only when someone listens. */
    private final AtomicInteger waiters = new AtomicInteger();
    /** Set by a cursor about to wait, cleared by the append that wakes it: one signal per wait, not per append. */
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private final ReentrantLock waitLock = new ReentrantLock();
    private final Condition appendedSignal = waitLock.newCondition();

    /** Set by appends to the active segment (before the record is published), cleared by the syncer. */
    private final AtomicBoolean activeDirty = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Segment> sealedAwaitingSync = new ConcurrentLinkedQueue<>();
    /** Segments removed for space whose files the cursor thread has yet to delete. */
    private final ConcurrentLinkedQueue<Segment> removedAwaitingDelete = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean directoryDirty = new AtomicBoolean();

    private final Map<String, Cursor> named = new ConcurrentHashMap<>();

    private final AtomicLong bytesOnDisk = new AtomicLong();
    private volatile long appended; // written only under appendLock
    private final AtomicLong corrupted = new AtomicLong();
    private final AtomicLong removedForSpace = new AtomicLong();
    /** Keys: removed-for-space, segment-start-failed. */
    private final RateLimitedLog rateLimited = new RateLimitedLog(LOG, Duration.ofMillis(SPACE_LOG_INTERVAL_MILLIS));

    private final ScheduledExecutorService dataSyncer;
    private final ScheduledExecutorService preparer;
    /** A zero-filled file ready to become the next segment, or null; set by the prepare thread, taken by a roll. */
    private final java.util.concurrent.atomic.AtomicReference<Path> preparedNext =
            new java.util.concurrent.atomic.AtomicReference<>();
    private long preparations; // prepare thread only
    private final ScheduledExecutorService cursorSyncer;
    private volatile boolean syncFailing;
    private volatile boolean cursorSyncFailing;
    private volatile boolean closed;

    private SegmentedJournal(Path directory, JournalSettings settings, FileChannel lockChannel, FileLock lock) {
        this.directory = directory;
        this.settings = settings;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.dataSyncer = singleThread("yakata-journal-sync");
        this.cursorSyncer = singleThread("yakata-journal-cursors");
        this.preparer = singleThread("yakata-journal-prepare");
    }

    private static ScheduledExecutorService singleThread(String name) {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Opens the journal in {@code directory}, creating the directory if needed and recovering what a crash left.
     *
     * @throws IOException if the directory cannot be used, or another process (or another journal in this one) has
     *         it open
     */
    public static SegmentedJournal open(Path directory, JournalSettings settings) throws IOException {
        Objects.requireNonNull(settings, "settings");
        Path dir;
        try {
            dir = Files.createDirectories(directory).toAbsolutePath();
        } catch (IOException e) {
            throw new IOException("Cannot create the journal directory " + directory.toAbsolutePath() + " ("
                    + e + "): make it writable for the hub or set another directory", e);
        }
        FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE_NAME), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lockChannel.close();
            throw new IOException("Journal " + dir + " is already open in this process", e);
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("Journal " + dir + " is in use by another process: stop it, or give this one "
                    + "another directory");
        }
        SegmentedJournal journal = new SegmentedJournal(dir, settings, lockChannel, lock);
        try {
            journal.recover();
        } catch (IOException | RuntimeException e) {
            journal.releaseFiles();
            throw e;
        }
        journal.startSyncing();
        return journal;
    }

    // ---- Journal

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the event's encoding is longer than {@link JournalSettings#maxRecordBytes()}
     *         (nothing is appended: a payload that large belongs in a file the event refers to)
     */
    @Override
    public long append(Event event) throws IOException {
        Objects.requireNonNull(event, "event");
        long position;
        appendLock.lock();
        try {
            ensureOpen();
            byte[] bytes = codec.encode(event, HEADER_BYTES);
            int size = codec.size();
            int payloadLength = size - HEADER_BYTES;
            if (payloadLength > settings.maxRecordBytes()) {
                throw new IllegalArgumentException("Event " + event.id() + " (" + event.type() + " from "
                        + event.source() + ") encodes to " + payloadLength + " bytes, more than the journal's "
                        + "record limit of " + settings.maxRecordBytes() + " bytes: refer to large data instead of "
                        + "carrying it in the event");
            }
            makeRoom(size);
            Segment segment = active;
            if (segment.committedEnd > 0 && segment.committedEnd + size > settings.segmentBytes()) {
                segment = roll(segment, size);
            } else if (segment.room() < size) {
                // A segment new or reopened: map it (a single record larger than a segment gets one of its own).
                segment.unmapAndTrim();
                segment.mapForAppend(Math.max(settings.segmentBytes(), segment.committedEnd + size));
            }
            position = head + 1;
            RecordFormat.seal(writeChecksum, bytes, payloadLength, position);
            long offset = segment.committedEnd;
            segment.map.put((int) offset, bytes, 0, size);
            if ((position - segment.firstPosition) % INDEX_STRIDE == 0) {
                segment.index.put(position, offset);
            }
            activeDirty.set(true); // before head: a syncer that sees the record also sees it dirty
            segment.lastPosition = position;
            head = position;
            segment.committedEnd = offset + size; // publishes the record to cursors reading this segment
            bytesOnDisk.addAndGet(size);
            appended++;
        } finally {
            appendLock.unlock();
        }
        if (waiters.get() > 0 && wakeRequested.getAndSet(false)) {
            waitLock.lock();
            try {
                appendedSignal.signalAll();
            } finally {
                waitLock.unlock();
            }
        }
        return position;
    }

    @Override
    public boolean awaitDurable(long position, long timeoutMillis) throws InterruptedException {
        if (durable >= position) {
            return true;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
        synchronized (durableMonitor) {
            while (durable < position && !closed) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(durableMonitor, remaining);
            }
        }
        return durable >= position;
    }

    @Override
    public long head() {
        return head;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A new consumer's cursor file is written before this returns. The name becomes a file name: letters, digits,
     * {@code .}, {@code _} and {@code -}, up to 64, starting with a letter or digit.
     */
    @Override
    public JournalCursor cursor(String consumer) throws IOException {
        Objects.requireNonNull(consumer, "consumer");
        if (!CursorFile.NAME.matcher(consumer).matches()) {
            throw new IllegalArgumentException("Journal consumer name '" + consumer + "' cannot name a cursor file: "
                    + "use letters, digits, '.', '_' or '-', up to 64 characters, starting with a letter or digit");
        }
        Cursor existing = named.get(consumer);
        if (existing != null) {
            return existing;
        }
        cursorLock.lock();
        try {
            ensureOpen();
            existing = named.get(consumer);
            if (existing != null) {
                return existing;
            }
            long start = oldestPosition() - 1;
            CursorFile.write(directory, consumer, start);
            CursorFile.forceDirectory(directory);
            Cursor cursor = new Cursor(consumer, start);
            cursor.persisted = start;
            named.put(consumer, cursor);
            LOG.info("Journal {}: new consumer {} starts after position {} (head {})", directory, consumer, start,
                    head);
            return cursor;
        } finally {
            cursorLock.unlock();
        }
    }

    /**
     * {@inheritDoc} A position beyond {@link #head()} is refused. Records after {@code position} that the journal no
     * longer keeps count as the cursor's {@link JournalCursor#lost()}.
     */
    @Override
    public JournalCursor transientCursor(long position) {
        long last = head;
        if (position < 0 || position > last) {
            throw new IllegalArgumentException("A transient cursor cannot start after position " + position
                    + ": positions run from 0 to the head, " + last);
        }
        return new Cursor("", position);
    }

    @Override
    public JournalStatistics statistics() {
        long last = head;
        Map<String, Long> lag = new TreeMap<>();
        for (Cursor cursor : named.values()) {
            lag.put(cursor.consumer, Math.max(0, last - cursor.committed.get()));
        }
        return new JournalStatistics(last, appended, durable, bytesOnDisk.get(), segments.size(),
                removedForSpace.get(), corrupted.get(), java.util.Collections.unmodifiableMap(lag));
    }

    /** The directory this journal keeps its files in. */
    public Path directory() {
        return directory;
    }

    public JournalSettings settings() {
        return settings;
    }

    /** Forces appended records to the disk and writes every named cursor now. */
    public void flush() throws IOException {
        ensureOpen();
        syncData();
        persistCursors();
    }

    /** Flushes and releases the files. Further appends and polls throw {@link IOException}. Idempotent. */
    @Override
    public void close() throws IOException {
        appendLock.lock();
        segmentLock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            segmentLock.writeLock().unlock();
            appendLock.unlock();
        }
        waitLock.lock();
        try {
            appendedSignal.signalAll();
        } finally {
            waitLock.unlock();
        }
        dataSyncer.shutdown();
        cursorSyncer.shutdown();
        preparer.shutdown();
        try {
            if (!dataSyncer.awaitTermination(10, TimeUnit.SECONDS)
                    || !cursorSyncer.awaitTermination(10, TimeUnit.SECONDS)
                    || !preparer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Journal {}: background sync did not stop within 10 s", directory);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            syncData();
            persistCursors();
            deleteRemovedFiles();
            Path prepared = preparedNext.getAndSet(null);
            if (prepared != null) {
                Files.deleteIfExists(prepared);
            }
            Segment last = active;
            last.unmapAndTrim();
            last.channel.force(true);
        } finally {
            synchronized (durableMonitor) {
                durableMonitor.notifyAll();
            }
            releaseFiles();
        }
        LOG.debug("Journal {} closed at position {}", directory, head);
    }

    @Override
    public String toString() {
        return "Journal[" + directory + ", head " + head + ", " + named.size() + " consumer(s)]";
    }

    // ---- appending

    /** Removes the oldest segments until {@code size} more bytes fit, never the active one. */
    private void makeRoom(int size) {
        while (bytesOnDisk.get() + size > settings.maxBytes()) {
            Map.Entry<Long, Segment> oldest = segments.firstEntry();
            if (oldest == null || oldest.getValue() == active) {
                return; // only the segment being written is left: append beyond the limit rather than refuse
            }
            removeForSpace(oldest.getValue());
        }
    }

    /**
     * Takes the segment out of the journal at once (cursors move past it from their next poll) and leaves closing and
     * deleting its file to the cursor thread, which waits for any cursor still reading it: the appender never waits
     * for a consumer.
     */
    private void removeForSpace(Segment segment) {
        segments.remove(segment.firstPosition);
        segment.deleted = true;
        bytesOnDisk.addAndGet(-segment.committedEnd);
        removedAwaitingDelete.add(segment);
        try {
            cursorSyncer.execute(this::deleteRemovedFiles);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // close() deletes what is left
        }
        long first = segment.firstPosition;
        long last = segment.lastPosition;
        long minCommitted = Long.MAX_VALUE;
        StringBuilder losers = new StringBuilder();
        for (Cursor cursor : named.values()) {
            long committed = cursor.committed.get();
            minCommitted = Math.min(minCommitted, committed);
            long unread = last - Math.max(first, Math.max(cursor.next, committed + 1)) + 1;
            if (unread > 0) {
                losers.append(losers.length() == 0 ? "" : ", ").append(cursor.consumer).append(" lost ")
                        .append(unread);
            }
        }
        long removed = minCommitted == Long.MAX_VALUE ? last - first + 1 : last - Math.max(first - 1, minCommitted);
        if (removed > 0) {
            removedForSpace.addAndGet(removed);
        }
        long suppressed = rateLimited.permit("removed-for-space");
        if (suppressed >= 0) {
            String more = suppressed > 0 ? " (" + suppressed + " more segments removed since the last report)" : "";
            if (losers.length() > 0) {
                LOG.warn("Journal {} reached maxBytes ({} bytes): removed its oldest segment {} (positions {} to {}) "
                        + "before every consumer had read it: {}{}. Raise maxBytes, or find why the consumer lags "
                        + "(yakata journal statistics show each cursor's lag)", directory, settings.maxBytes(),
                        segment.path.getFileName(), first, last, losers, more);
            } else {
                LOG.warn("Journal {} reached maxBytes ({} bytes): removed its oldest segment {} (positions {} to {}); "
                        + "no named consumer had yet read from it{}", directory, settings.maxBytes(),
                        segment.path.getFileName(), first, last, more);
            }
        }
    }

    /**
     * Seals the full segment (cut back to its last record first, so a crash from here on finds a tidy file) and
     * starts the next one, ready for a record of {@code size} bytes. The old one is forced by the background thread.
     */
    private Segment roll(Segment full, int size) throws IOException {
        full.unmapAndTrim();
        Path prepared = preparedNext.getAndSet(null);
        Segment next;
        if (prepared != null && size <= settings.segmentBytes()) {
            next = Segment.adopt(prepared, directory, head + 1);
        } else {
            if (prepared != null) {
                Files.deleteIfExists(prepared);
            }
            next = Segment.create(directory, head + 1);
        }
        prepareNextSegment();
        try {
            next.mapForAppend(Math.max(settings.segmentBytes(), size));
        } catch (IOException e) {
            // Likely a full disk. The old segment stays active (unsealed), so the next append tries again.
            closeQuietly(next.channel);
            Files.deleteIfExists(next.path);
            long suppressed = rateLimited.permit("segment-start-failed");
            if (suppressed >= 0) {
                LOG.warn("Journal {}: cannot start segment {} ({}); the event was not appended. Free disk space "
                        + "or lower maxBytes{}", directory, next.path, e,
                        suppressed > 0 ? " (" + suppressed + " more failures since the last report)" : "");
            }
            throw e;
        }
        segments.put(next.firstPosition, next); // before sealing: a cursor that sees the seal finds the next one
        sealedAwaitingSync.add(full);
        full.sealed = true;
        directoryDirty.set(true);
        active = next;
        LOG.debug("Journal {}: sealed {} ({} bytes), appending to {}", directory, full, full.committedEnd, next);
        return next;
    }

    private long oldestPosition() {
        return segments.firstKey();
    }

    // ---- deleting segments

    /** Closes and deletes the files of segments removed for space, once no cursor reads them. */
    private void deleteRemovedFiles() {
        if (removedAwaitingDelete.isEmpty()) {
            return;
        }
        segmentLock.writeLock().lock();
        try {
            Segment segment;
            while ((segment = removedAwaitingDelete.poll()) != null) {
                deleteFile(segment, "to keep the journal within maxBytes");
            }
        } finally {
            segmentLock.writeLock().unlock();
        }
    }

    /** Deletes one segment; the caller holds the exclusive segment lock. */
    private void delete(Segment segment, String why) {
        segment.deleted = true;
        deleteFile(segment, why); // first, so whoever sees the segment gone from the statistics sees no file either
        segments.remove(segment.firstPosition);
        bytesOnDisk.addAndGet(-segment.committedEnd);
    }

    private void deleteFile(Segment segment, String why) {
        closeQuietly(segment.channel);
        try {
            Files.deleteIfExists(segment.path);
            directoryDirty.set(true);
            LOG.debug("Journal {}: deleted segment {} {}", directory, segment, why);
        } catch (IOException e) {
            // open() finds it again next time and keeps it as the oldest segment.
            LOG.warn("Journal {}: could not delete segment {} {}", directory, segment.path, why, e);
        }
    }

    /** Deletes the sealed segments every named cursor's written position has passed. */
    private void deleteDeliveredSegments() {
        if (named.isEmpty()) {
            return; // kept for the first consumer to come
        }
        long minPersisted = Long.MAX_VALUE;
        for (Cursor cursor : named.values()) {
            minPersisted = Math.min(minPersisted, cursor.persisted);
        }
        Map.Entry<Long, Segment> oldest = segments.firstEntry();
        if (oldest == null || !oldest.getValue().sealed || oldest.getValue().lastPosition > minPersisted) {
            return;
        }
        segmentLock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            for (Segment segment : segments.values()) {
                if (!segment.sealed || segment.lastPosition > minPersisted) {
                    break; // in order, and the active one is never sealed
                }
                delete(segment, "as every consumer has committed past it");
            }
        } finally {
            segmentLock.writeLock().unlock();
        }
    }

    // ---- syncing

    /** Has the prepare thread zero-fill the next segment's file, unless one is ready. */
    private void prepareNextSegment() {
        try {
            preparer.execute(() -> {
                if (preparedNext.get() != null || closed) {
                    return;
                }
                Path file = directory.resolve(PREPARED_PREFIX + ++preparations + PREPARED_SUFFIX);
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    Segment.fillWithZeros(channel, 0, settings.segmentBytes());
                } catch (IOException e) {
                    deleteQuietly(file);
                    // The appender then creates the segment itself, and reports the failure if it recurs there.
                    LOG.debug("Journal {}: cannot prepare the next segment file", directory, e);
                    return;
                }
                if (!preparedNext.compareAndSet(null, file)) {
                    deleteQuietly(file);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // closed
        }
    }

    private void startSyncing() {
        prepareNextSegment();
        dataSyncer.scheduleWithFixedDelay(this::runDataSync, settings.syncIntervalMillis(),
                settings.syncIntervalMillis(), TimeUnit.MILLISECONDS);
        cursorSyncer.scheduleWithFixedDelay(this::runCursorSync, settings.cursorSyncMillis(),
                settings.cursorSyncMillis(), TimeUnit.MILLISECONDS);
    }

    /** Body of the data task; must not throw, or the executor would stop running it. */
    private void runDataSync() {
        try {
            syncData();
            if (syncFailing) {
                syncFailing = false;
                LOG.info("Journal {}: forcing records to the disk works again", directory);
            }
        } catch (Exception e) {
            if (closed) {
                return;
            }
            if (!syncFailing) {
                syncFailing = true;
                LOG.warn("Journal {}: forcing records to the disk failed; retrying every {} ms (records are safe "
                        + "from a process crash, not yet from a power loss; awaitDurable waits)", directory,
                        settings.syncIntervalMillis(), e);
            } else {
                LOG.debug("Journal {}: forcing records failed again", directory, e);
            }
        }
    }

    private void runCursorSync() {
        try {
            persistCursors();
            deleteDeliveredSegments();
            if (cursorSyncFailing) {
                cursorSyncFailing = false;
                LOG.info("Journal {}: writing cursor files works again", directory);
            }
        } catch (Exception e) {
            if (closed) {
                return;
            }
            if (!cursorSyncFailing) {
                cursorSyncFailing = true;
                LOG.warn("Journal {}: writing cursor files failed; retrying every {} ms (no segment is deleted as "
                        + "delivered meanwhile; after a crash consumers would see again what they committed since)",
                        directory, settings.cursorSyncMillis(), e);
            } else {
                LOG.debug("Journal {}: writing cursor files failed again", directory, e);
            }
        }
    }

    private void syncData() throws IOException {
        syncLock.lock();
        try {
            long upTo = head; // before the dirty flag, which appends set before head
            boolean dirty = activeDirty.getAndSet(false);
            Segment current = active; // a segment sealed after this is still active here, so it is forced
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
            if (upTo > durable) {
                durable = upTo;
                synchronized (durableMonitor) {
                    durableMonitor.notifyAll();
                }
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

    /** Writes each named cursor whose committed position changed, never beyond what is durable. */
    private void persistCursors() throws IOException {
        cursorLock.lock();
        try {
            long limit = durable;
            boolean renamed = false;
            IOException failure = null;
            for (Cursor cursor : named.values()) {
                long value = Math.min(cursor.committed.get(), limit);
                if (value > cursor.persisted) {
                    try {
                        CursorFile.write(directory, cursor.consumer, value);
                        cursor.persisted = value;
                        renamed = true;
                    } catch (IOException e) {
                        failure = e; // the other consumers' files are still worth writing
                    }
                }
            }
            if (renamed) {
                CursorFile.forceDirectory(directory);
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            cursorLock.unlock();
        }
    }

    // ---- reading

    /** Where a cursor's last read stopped, so the next read continuing from there starts without searching. */
    private static final class ReadPosition {
        Segment segment;
        long offset;
        long nextPosition;

        ReadPosition(Segment segment, long offset, long nextPosition) {
            this.segment = segment;
            this.offset = offset;
            this.nextPosition = nextPosition;
        }
    }

    /** A named or transient cursor. Its reading state belongs to the one thread that polls it. */
    private final class Cursor implements JournalCursor {
        final String consumer;
        final AtomicLong committed;
        /** Next position to read. */
        volatile long next;
        /** Written under cursorLock; -1 when the file is missing or damaged. */
        volatile long persisted = -1;
        volatile long lost;
        /** Highest position already counted in {@link #lost}. */
        volatile long lostCountedUpTo;
        volatile long corruptedCount;
        /** Highest position already counted in {@link #corruptedCount}. */
        long corruptedCountedUpTo;
        final RecordScanner scanner = new RecordScanner(settings.maxRecordBytes());
        ReadPosition cached;

        Cursor(String consumer, long committedPosition) {
            this.consumer = consumer;
            this.committed = new AtomicLong(committedPosition);
            this.next = committedPosition + 1;
            this.lostCountedUpTo = committedPosition;
            this.corruptedCountedUpTo = committedPosition;
        }

        @Override
        public String consumer() {
            return consumer;
        }

        @Override
        public List<JournalEntry> poll(int max, long timeoutMillis) throws IOException, InterruptedException {
            if (max < 1) {
                throw new IllegalArgumentException("max must be at least 1 but was " + max);
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
            while (true) {
                List<JournalEntry> entries = read(this, max);
                long remaining = deadline - System.nanoTime();
                if (!entries.isEmpty() || remaining <= 0) {
                    return entries;
                }
                if (head >= next) {
                    // Records exist but none could be delivered yet (the appender is rolling to a new segment, or
                    // damage in the segment being written waits for an intact record): look again shortly.
                    LockSupport.parkNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(1)));
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    continue;
                }
                awaitAppend(next, remaining);
            }
        }

        @Override
        public void commit(long position) {
            long last = head;
            if (position > last) {
                throw new IllegalArgumentException("Cannot commit position " + position + " for "
                        + describe() + ": the last appended record is " + last);
            }
            committed.accumulateAndGet(position, Math::max);
        }

        @Override
        public long committed() {
            return committed.get();
        }

        @Override
        public long lag() {
            return Math.max(0, head - committed.get());
        }

        @Override
        public long lost() {
            long from = Math.max(Math.max(next, committed.get() + 1), lostCountedUpTo + 1);
            return lost + Math.max(0, oldestPosition() - from);
        }

        @Override
        public long corrupted() {
            return corruptedCount;
        }

        @Override
        public void rewind() throws IOException {
            ensureOpen();
            next = committed.get() + 1;
            cached = null;
        }

        String describe() {
            return consumer.isEmpty() ? "a transient cursor" : "consumer " + consumer;
        }

        @Override
        public String toString() {
            return "JournalCursor[" + (consumer.isEmpty() ? "transient" : consumer) + ", committed "
                    + committed.get() + ", next " + next + "]";
        }
    }

    private void awaitAppend(long position, long nanos) throws InterruptedException {
        waitLock.lock();
        try {
            waiters.incrementAndGet();
            try {
                long remaining = nanos;
                while (true) {
                    wakeRequested.set(true); // before looking at head: an append after that look signals
                    if (head >= position || closed || remaining <= 0) {
                        break;
                    }
                    remaining = appendedSignal.awaitNanos(remaining);
                }
            } finally {
                waiters.decrementAndGet();
            }
        } finally {
            waitLock.unlock();
        }
    }

    /** One batch for {@code cursor}: up to {@code max} entries from its next position, skipping damage. */
    private List<JournalEntry> read(Cursor cursor, int max) throws IOException {
        segmentLock.readLock().lock();
        try {
            ensureOpen();
            long from = Math.max(cursor.next, cursor.committed.get() + 1);
            long oldest = oldestPosition();
            if (from < oldest) {
                long newlyLost = oldest - Math.max(from, cursor.lostCountedUpTo + 1);
                if (newlyLost > 0) {
                    cursor.lost += newlyLost;
                    LOG.debug("Journal {}: {} lost {} record(s) removed for space", directory, cursor.describe(),
                            newlyLost);
                }
                cursor.lostCountedUpTo = Math.max(cursor.lostCountedUpTo, oldest - 1);
                from = oldest;
            }
            cursor.next = from;
            long last = head;
            if (from > last) {
                return List.of();
            }
            List<JournalEntry> entries = new ArrayList<>((int) Math.min(max, last - from + 1));
            ReadPosition position = positionFor(cursor, from);
            RecordScanner scanner = cursor.scanner;
            while (entries.size() < max) {
                Segment segment = position.segment;
                boolean sealed = segment.sealed; // read before committedEnd: once sealed, committedEnd is final
                long limit = segment.committedEnd;
                long maxPosition = segment.lastPosition;
                if (!segment.damaged.isEmpty()) {
                    Segment.Resume known = segment.damaged.get(position.offset);
                    if (known != null) {
                        countCorrupted(cursor, from, position.nextPosition, known.position());
                        position.offset = known.offset();
                        position.nextPosition = known.position();
                    }
                }
                if (position.offset >= limit) {
                    if (!sealed) {
                        break; // caught up with the appender
                    }
                    if (position.nextPosition <= maxPosition) {
                        recordDamage(cursor, from, segment, limit, position.nextPosition, limit, maxPosition + 1,
                                "the file ends before its last record");
                    }
                    Map.Entry<Long, Segment> following = segments.higherEntry(segment.firstPosition);
                    if (following == null) {
                        break;
                    }
                    position.segment = following.getValue();
                    position.offset = 0;
                    position.nextPosition = following.getKey();
                    continue;
                }
                if (scanner.decode(segment, position.offset, limit, position.nextPosition, maxPosition)) {
                    long found = scanner.position();
                    if (found != position.nextPosition) {
                        recordDamage(cursor, from, segment, position.offset, position.nextPosition, position.offset,
                                found, "records are missing");
                    }
                    if ((found - segment.firstPosition) % INDEX_STRIDE == 0) {
                        segment.index.putIfAbsent(found, position.offset);
                    }
                    if (found >= from) {
                        Event event = decodeEvent(cursor, from, segment, position.offset, found, scanner);
                        if (event != null) {
                            entries.add(new JournalEntry(found, event));
                        }
                    }
                    position.offset += HEADER_BYTES + scanner.length();
                    position.nextPosition = found + 1;
                    continue;
                }
                long resumeOffset = scanner.resync(segment, position.offset, limit, position.nextPosition,
                        maxPosition);
                if (resumeOffset >= 0) {
                    recordDamage(cursor, from, segment, position.offset, position.nextPosition, resumeOffset,
                            scanner.position(), "checksum, length or position wrong");
                } else if (sealed) {
                    recordDamage(cursor, from, segment, position.offset, position.nextPosition, limit,
                            maxPosition + 1, "checksum, length or position wrong up to the end of the file");
                } else {
                    // Damage in the segment still being written (not a crash: a crash only damages the tail, which
                    // open() repairs). Wait for a later intact record rather than guess where records resume.
                    break;
                }
            }
            cursor.next = Math.max(from, position.nextPosition);
            return entries;
        } finally {
            segmentLock.readLock().unlock();
        }
    }

    private Event decodeEvent(Cursor cursor, long from, Segment segment, long offset, long position,
            RecordScanner scanner) {
        try {
            return EventCodec.decode(scanner.payload());
        } catch (IllegalArgumentException e) {
            Segment.Resume mark = new Segment.Resume(-1, position);
            if (segment.damaged.putIfAbsent(-1 - offset, mark) == null) { // negative keys: undecodable records
                corrupted.incrementAndGet();
                LOG.warn("Journal segment {}: record {} at offset {} is intact but not a readable event ({}); "
                        + "skipped", segment.path, position, offset, e.getMessage());
            }
            countCorrupted(cursor, from, position, position + 1);
            return null;
        }
    }

    private ReadPosition positionFor(Cursor cursor, long from) {
        ReadPosition cached = cursor.cached;
        if (cached != null && !cached.segment.deleted && cached.nextPosition == from) {
            return cached;
        }
        Map.Entry<Long, Segment> containing = segments.floorEntry(from);
        Segment segment = containing != null ? containing.getValue() : segments.firstEntry().getValue();
        ReadPosition position = new ReadPosition(segment, 0, segment.firstPosition);
        if (containing != null) {
            Map.Entry<Long, Long> indexed = segment.index.floorEntry(from);
            if (indexed != null) {
                position.offset = indexed.getValue();
                position.nextPosition = indexed.getKey();
            }
            if (cached != null && !cached.segment.deleted && cached.segment == segment
                    && cached.nextPosition <= from && cached.nextPosition > position.nextPosition) {
                position.offset = cached.offset;
                position.nextPosition = cached.nextPosition;
            }
        }
        cursor.cached = position;
        return position;
    }

    /**
     * Counts and logs a damaged stretch once for the journal and remembers where records resume, so later reads skip
     * it silently; counts it for {@code cursor} (if given) as far as it had not counted it.
     */
    private void recordDamage(Cursor cursor, long from, Segment segment, long offset, long expectedPosition,
            long resumeOffset, long resumePosition, String what) {
        if (segment.damaged.putIfAbsent(offset, new Segment.Resume(resumeOffset, resumePosition)) == null) {
            long skipped = Math.max(0, resumePosition - expectedPosition);
            corrupted.addAndGet(skipped);
            LOG.warn("Journal segment {}: {} damaged record(s) skipped at offset {} ({}); positions {} to {} lost, "
                    + "reading resumes at offset {}", segment.path, skipped, offset, what, expectedPosition,
                    resumePosition - 1, resumeOffset);
        }
        if (cursor != null) {
            countCorrupted(cursor, from, expectedPosition, resumePosition);
        }
    }

    /** Adds positions {@code [first, end)} to the cursor's corrupted count, once each, none below {@code from}. */
    private static void countCorrupted(Cursor cursor, long from, long first, long end) {
        long start = Math.max(Math.max(first, from), cursor.corruptedCountedUpTo + 1);
        if (end > start) {
            cursor.corruptedCount += end - start;
            cursor.corruptedCountedUpTo = end - 1;
        }
    }

    // ---- opening and closing

    private void recover() throws IOException {
        List<Path> files;
        Map<String, OptionalLong> stored = new LinkedHashMap<>();
        try (Stream<Path> listing = Files.list(directory)) {
            List<Path> all = listing.sorted().toList();
            for (Path file : all) {
                String name = file.getFileName().toString();
                if (name.endsWith(CursorFile.TEMPORARY_SUFFIX)
                        || name.startsWith(PREPARED_PREFIX) && name.endsWith(PREPARED_SUFFIX)) {
                    Files.deleteIfExists(file);
                }
            }
            files = all.stream().filter(file -> RecordFormat.firstPositionOf(file) > 0)
                    .sorted(Comparator.comparingLong(RecordFormat::firstPositionOf))
                    .toList();
            for (Path file : all) {
                String consumer = CursorFile.consumerOf(file);
                if (consumer != null) {
                    stored.put(consumer, CursorFile.read(file));
                }
            }
        }
        long maxCommitted = stored.values().stream().filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong).max().orElse(0);
        for (int i = 0; i < files.size(); i++) {
            boolean tail = i == files.size() - 1;
            Path file = files.get(i);
            Segment segment = Segment.open(file, RecordFormat.firstPositionOf(file), tail);
            if (!tail) {
                segment.sealed = true;
                segment.lastPosition = RecordFormat.firstPositionOf(files.get(i + 1)) - 1;
            }
            segments.put(segment.firstPosition, segment);
            bytesOnDisk.addAndGet(segment.committedEnd);
        }
        if (segments.isEmpty()) {
            startActiveSegment(maxCommitted + 1);
            head = maxCommitted;
        } else {
            Segment tail = segments.lastEntry().getValue();
            repairTail(tail);
            active = tail;
            head = tail.lastPosition;
        }
        if (maxCommitted > head) {
            // Only after an operating-system crash: a cursor reached the disk, the last records did not. Number new
            // records after the cursor, or that consumer would take them as already processed.
            LOG.warn("Journal {}: a cursor is at {}, beyond the last stored record {}; numbering continues at {}",
                    directory, maxCommitted, head, maxCommitted + 1);
            Segment tail = active;
            if (tail.committedEnd == 0) {
                segments.remove(tail.firstPosition);
                tail.channel.close();
                Files.delete(tail.path);
            } else {
                tail.sealed = true;
                sealedAwaitingSync.add(tail);
            }
            startActiveSegment(maxCommitted + 1);
            head = maxCommitted;
        }
        // What a killed process wrote may still be only in the page cache: force it before calling it durable.
        for (Segment segment : segments.values()) {
            segment.channel.force(false);
        }
        durable = head;
        long oldest = oldestPosition();
        for (Map.Entry<String, OptionalLong> entry : stored.entrySet()) {
            String consumer = entry.getKey();
            Cursor cursor;
            if (entry.getValue().isPresent()) {
                long committed = entry.getValue().getAsLong();
                cursor = new Cursor(consumer, committed);
                cursor.persisted = committed;
                if (committed < oldest - 1) {
                    LOG.warn("Journal {}: consumer {} had committed up to {}, but positions {} to {} were removed "
                            + "for space before it read them; it continues at {}", directory, consumer, committed,
                            committed + 1, oldest - 1, oldest);
                }
            } else {
                cursor = new Cursor(consumer, oldest - 1);
            }
            named.put(consumer, cursor);
        }
        LOG.info("Journal {} opened: positions {} to {}, {} segment(s), {} bytes, consumers {}", directory, oldest,
                head, segments.size(), bytesOnDisk.get(), describeCursors());
    }

    private String describeCursors() {
        if (named.isEmpty()) {
            return "none yet";
        }
        StringBuilder text = new StringBuilder();
        for (Cursor cursor : new TreeMap<>(named).values()) {
            text.append(text.length() == 0 ? "" : ", ").append(cursor.consumer).append(" at ")
                    .append(cursor.committed.get());
        }
        return text.toString();
    }

    private void startActiveSegment(long firstPosition) throws IOException {
        Segment segment = Segment.create(directory, firstPosition);
        segments.put(firstPosition, segment);
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
        long expected = tail.firstPosition;
        while (offset < limit) {
            if (tailScanner.decode(tail, offset, limit, expected, Long.MAX_VALUE)) {
                long found = tailScanner.position();
                if (found != expected) {
                    recordDamage(null, 0, tail, offset, expected, offset, found, "records are missing");
                }
                if ((found - tail.firstPosition) % INDEX_STRIDE == 0) {
                    tail.index.put(found, offset);
                }
                tail.lastPosition = found;
                expected = found + 1;
                offset += HEADER_BYTES + tailScanner.length();
                continue;
            }
            if (zerosFrom(tail, offset, limit)) {
                // The unused, zero-filled end of a segment that was being appended to when the process ended.
                LOG.debug("Journal segment {}: cutting its unused end at offset {}", tail.path, offset);
                tail.channel.truncate(offset);
                tail.channel.force(true);
                bytesOnDisk.addAndGet(offset - limit);
                limit = offset;
                break;
            }
            long resumeOffset = tailScanner.resync(tail, offset, limit, expected, Long.MAX_VALUE);
            if (resumeOffset < 0) {
                LOG.warn("Journal segment {}: incomplete record at offset {} ({} bytes to the end of the file), left "
                        + "by a crash during append; truncating to the last whole record", tail.path, offset,
                        limit - offset);
                tail.channel.truncate(offset);
                tail.channel.force(true);
                bytesOnDisk.addAndGet(offset - limit);
                limit = offset;
                break;
            }
            recordDamage(null, 0, tail, offset, expected, resumeOffset, tailScanner.position(),
                    "checksum, length or position wrong");
            offset = resumeOffset;
            expected = tailScanner.position();
        }
        tail.committedEnd = limit;
    }

    /** Whether every byte of {@code segment} from {@code offset} to {@code limit} is zero. */
    private static boolean zerosFrom(Segment segment, long offset, long limit) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        long at = offset;
        while (at < limit) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), limit - at));
            int read = segment.channel.read(chunk, at);
            if (read <= 0) {
                return false;
            }
            byte[] bytes = chunk.array();
            for (int i = 0; i < read; i++) {
                if (bytes[i] != 0) {
                    return false;
                }
            }
            at += read;
        }
        return true;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("Journal " + directory + " is closed");
        }
    }

    private void releaseFiles() throws IOException {
        dataSyncer.shutdownNow();
        cursorSyncer.shutdownNow();
        preparer.shutdownNow();
        for (Segment segment : segments.values()) {
            if (segment.map != null) {
                Unmapper.unmap(segment.map);
                segment.map = null;
            }
            closeQuietly(segment.channel);
        }
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("Deleting {} failed", file, e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Closing a journal segment failed", e);
        }
    }
}
