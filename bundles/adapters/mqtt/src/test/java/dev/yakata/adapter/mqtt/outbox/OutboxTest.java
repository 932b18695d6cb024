package dev.yakata.adapter.mqtt.outbox;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class OutboxTest {

    /** Small segments so a few dozen records span several files. */
    static final OutboxSettings SMALL = new OutboxSettings(1024, 1 << 20, 50, 50, 512);

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    private Path directory;
    private Outbox outbox;

    @Before
    public void createDirectory() throws IOException {
        directory = temporary.getRoot().toPath().resolve("outbox");
    }

    @After
    public void closeOutbox() throws IOException {
        if (outbox != null) {
            outbox.close();
        }
    }

    /** A payload that depends only on the sequence number, with varying length. */
    static byte[] payload(long sequence) {
        StringBuilder text = new StringBuilder("{\"id\":" + sequence + ",\"pad\":\"");
        for (long i = 0; i < sequence % 37; i++) {
            text.append((char) ('a' + (sequence + i) % 26));
        }
        return text.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    static int recordBytes(long sequence) {
        return RecordFormat.HEADER_BYTES + payload(sequence).length;
    }

    private Outbox open(OutboxSettings settings) throws IOException {
        if (outbox != null) {
            outbox.close();
        }
        outbox = Outbox.open(directory, settings);
        return outbox;
    }

    private void appendUpTo(long lastSequence) throws Exception {
        for (long sequence = outbox.lastSequence() + 1; sequence <= lastSequence; sequence++) {
            assertEquals(sequence, outbox.append(payload(sequence)));
        }
    }

    private List<OutboxRecord> readAll(long from) throws IOException {
        List<OutboxRecord> all = new ArrayList<>();
        long next = from;
        while (true) {
            List<OutboxRecord> batch = outbox.read(next, 7);
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            next = batch.get(batch.size() - 1).sequence() + 1;
        }
    }

    private static void assertRecords(List<OutboxRecord> records, long... sequences) {
        assertEquals(sequences.length, records.size());
        for (int i = 0; i < sequences.length; i++) {
            assertEquals(sequences[i], records.get(i).sequence());
            assertArrayEquals(payload(sequences[i]), records.get(i).payload());
        }
    }

    private static long[] range(long first, long last) {
        return java.util.stream.LongStream.rangeClosed(first, last).toArray();
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".seg")).sorted().toList();
        }
    }

    /** Offset of a record in the segment starting at {@code firstSequence}, when no record was skipped. */
    private static long offsetOf(long firstSequence, long sequence) {
        long offset = 0;
        for (long s = firstSequence; s < sequence; s++) {
            offset += recordBytes(s);
        }
        return offset;
    }

    private static void overwrite(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) ~one.get(0)).rewind();
            channel.write(one, offset);
        }
    }

    @Test
    public void recordsKeepTheirOrderAndSequenceNumbersAcrossCloseAndReopen() throws Exception {
        open(SMALL);
        appendUpTo(30);
        open(SMALL);
        assertEquals(30, outbox.lastSequence());
        assertEquals(0, outbox.acknowledged());
        assertEquals(30, outbox.pending());
        appendUpTo(60);
        assertRecords(readAll(1), range(1, 60));
        assertTrue("expected several segments", outbox.statistics().segments() > 1);
    }

    @Test
    public void aReadReturnsAtMostMaxRecordsFromTheRequestedSequenceAndNothingBeyondTheLast() throws Exception {
        open(SMALL);
        assertEquals(List.of(), outbox.read(1, 10));
        appendUpTo(50);
        assertRecords(outbox.read(45, 3), 45, 46, 47);
        assertRecords(outbox.read(48, 10), 48, 49, 50);
        assertEquals(List.of(), outbox.read(51, 10));
        assertRecords(outbox.read(0, 2), 1, 2);
    }

    @Test
    public void readingFromAnySequenceFindsThatRecordEvenFarIntoALargeSegment() throws Exception {
        open(OutboxSettings.defaults());
        appendUpTo(2000);
        for (long from : new long[] {1999, 1, 129, 128, 1000, 257, 2000, 3}) {
            assertRecords(outbox.read(from, 2), from == 2000 ? new long[] {2000} : new long[] {from, from + 1});
        }
        open(OutboxSettings.defaults()); // a recovered segment has no index until it is read through
        assertRecords(outbox.read(1500, 1), 1500);
        assertRecords(outbox.read(700, 1), 700);
    }

    @Test
    public void afterAnAcknowledgementAndReopenDeliveryResumesAfterTheAcknowledgedRecord() throws Exception {
        open(SMALL);
        appendUpTo(40);
        outbox.acknowledge(25);
        assertEquals(25, outbox.acknowledged());
        assertEquals(15, outbox.pending());
        open(SMALL);
        assertEquals(25, outbox.acknowledged());
        assertEquals(40, outbox.lastSequence());
        assertRecords(readAll(outbox.acknowledged() + 1), range(26, 40));
        assertEquals(41, outbox.append(payload(41)));
    }

    @Test
    public void acknowledgingLowerThanBeforeChangesNothingAndBeyondTheLastIsRefused() throws Exception {
        open(SMALL);
        appendUpTo(10);
        outbox.acknowledge(8);
        outbox.acknowledge(3);
        assertEquals(8, outbox.acknowledged());
        try {
            outbox.acknowledge(11);
            fail("acknowledged a record that was never appended");
        } catch (IllegalArgumentException expected) {
            assertEquals(8, outbox.acknowledged());
        }
    }

    @Test
    public void segmentsRollOverAndAreDeletedOnceEveryRecordInThemIsAcknowledged() throws Exception {
        open(SMALL);
        appendUpTo(100);
        List<Path> before = segmentFiles();
        assertTrue("expected at least 4 segments, got " + before, before.size() >= 4);
        assertEquals(before.size(), outbox.statistics().segments());
        long bytesBefore = outbox.statistics().bytesOnDisk();
        assertEquals(before.stream().mapToLong(OutboxTest::size).sum(), bytesBefore);

        long firstOfThird = RecordFormat.firstSequenceOf(before.get(2));
        outbox.acknowledge(firstOfThird - 1); // exactly the first two segments
        List<Path> after = segmentFiles();
        assertEquals(before.subList(2, before.size()), after);
        assertEquals(after.stream().mapToLong(OutboxTest::size).sum(), outbox.statistics().bytesOnDisk());
        assertRecords(readAll(1), range(firstOfThird, 100));

        outbox.acknowledge(100); // the active segment stays, so numbering survives
        assertEquals(1, segmentFiles().size());
        open(SMALL);
        assertEquals(100, outbox.acknowledged());
        assertEquals(0, outbox.pending());
        assertEquals(101, outbox.append(payload(101)));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    public void appendingBeyondMaxBytesThrowsOutboxFullAndLosesNothing() throws Exception {
        open(SMALL.withMaxBytes(4096));
        long accepted = 0;
        try {
            while (true) {
                appendUpTo(accepted + 1);
                accepted++;
            }
        } catch (OutboxFullException expected) {
            assertEquals(4096, expected.maxBytes());
        }
        assertTrue(accepted > 50);
        assertEquals(accepted, outbox.lastSequence());
        assertEquals(1, outbox.statistics().rejectedFull());
        assertTrue(outbox.statistics().bytesOnDisk() <= 4096);
        assertRecords(readAll(1), range(1, accepted));

        outbox.acknowledge(accepted / 2); // frees at least one segment
        appendUpTo(accepted + 1);
        assertRecords(readAll(accepted / 2 + 1), range(accepted / 2 + 1, accepted + 1));
        open(SMALL.withMaxBytes(4096));
        assertRecords(readAll(outbox.acknowledged() + 1), range(accepted / 2 + 1, accepted + 1));
    }

    @Test
    public void aRecordCutShortByACrashIsTruncatedAndNumberingContinuesAfterTheLastWholeRecord() throws Exception {
        open(SMALL);
        appendUpTo(10);
        outbox.close();
        outbox = null;
        Path tail = segmentFiles().get(segmentFiles().size() - 1);
        long first = RecordFormat.firstSequenceOf(tail);
        long endOfNine = offsetOf(first, 10);
        try (FileChannel channel = FileChannel.open(tail, StandardOpenOption.WRITE)) {
            channel.truncate(endOfNine + 7); // half of record 10's header
        }
        open(SMALL);
        assertEquals(9, outbox.lastSequence());
        assertEquals(endOfNine, Files.size(tail));
        assertEquals(0, outbox.statistics().corruptRecordsSkipped());
        assertEquals(10, outbox.append(payload(10)));
        assertRecords(readAll(1), range(1, 10));
    }

    @Test
    public void garbageAfterTheLastWholeRecordIsTruncated() throws Exception {
        open(SMALL);
        appendUpTo(5);
        outbox.close();
        outbox = null;
        Path tail = segmentFiles().get(0);
        long end = Files.size(tail);
        overwrite(tail, end, new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 6, 'x', 'y'});
        open(SMALL);
        assertEquals(5, outbox.lastSequence());
        assertEquals(end, Files.size(tail));
        assertRecords(readAll(1), range(1, 5));
    }

    @Test
    public void aDamagedRecordInTheLastSegmentIsSkippedCountedAndTheRecordsAfterItAreKept() throws Exception {
        open(OutboxSettings.defaults());
        appendUpTo(10);
        outbox.close();
        outbox = null;
        Path segment = segmentFiles().get(0);
        flipByte(segment, offsetOf(1, 5) + RecordFormat.HEADER_BYTES + 3); // in record 5's payload
        open(OutboxSettings.defaults());
        assertEquals(10, outbox.lastSequence());
        assertEquals(1, outbox.statistics().corruptRecordsSkipped());
        assertRecords(readAll(1), 1, 2, 3, 4, 6, 7, 8, 9, 10);
        assertRecords(readAll(1), 1, 2, 3, 4, 6, 7, 8, 9, 10);
        assertEquals("counted once however often it is read", 1, outbox.statistics().corruptRecordsSkipped());
        assertEquals(11, outbox.append(payload(11)));
    }

    @Test
    public void aDamagedRecordInAnOlderSegmentIsSkippedAndCountedWhenRead() throws Exception {
        open(SMALL);
        appendUpTo(60);
        outbox.close();
        outbox = null;
        Path second = segmentFiles().get(1);
        long first = RecordFormat.firstSequenceOf(second);
        flipByte(second, offsetOf(first, first + 2) + 4); // record first+2's checksum
        open(SMALL);
        assertEquals(60, outbox.lastSequence());
        List<OutboxRecord> records = readAll(1);
        assertEquals(59, records.size());
        assertFalse(records.stream().anyMatch(r -> r.sequence() == first + 2));
        for (OutboxRecord record : records) {
            assertArrayEquals(payload(record.sequence()), record.payload());
        }
        assertEquals(1, outbox.statistics().corruptRecordsSkipped());
        readAll(first); // starting right at the damage
        assertEquals(1, outbox.statistics().corruptRecordsSkipped());
    }

    @Test
    public void aDamagedLengthIsNeverBelievedAndTheRecordsAfterItAreFound() throws Exception {
        open(SMALL);
        appendUpTo(60);
        while (RecordFormat.firstSequenceOf(segmentFiles().get(segmentFiles().size() - 1)) > outbox.lastSequence() - 4) {
            appendUpTo(outbox.lastSequence() + 1); // at least 4 records in the last segment
        }
        long last = outbox.lastSequence();
        outbox.close();
        outbox = null;
        List<Path> files = segmentFiles();
        Path older = files.get(0);
        Path tail = files.get(files.size() - 1);
        overwrite(older, offsetOf(1, 3), new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xf0});
        long tailFirst = RecordFormat.firstSequenceOf(tail);
        overwrite(tail, offsetOf(tailFirst, tailFirst + 1), new byte[] {0, 0, 1, 0}); // 256: plausible but wrong
        open(SMALL);
        assertEquals(last, outbox.lastSequence());
        List<OutboxRecord> records = readAll(1);
        assertEquals(last - 2, records.size());
        assertFalse(records.stream().anyMatch(r -> r.sequence() == 3 || r.sequence() == tailFirst + 1));
        assertEquals(2, outbox.statistics().corruptRecordsSkipped());
    }

    @Test
    public void withoutACursorFileEveryStoredRecordIsReplayed() throws Exception {
        open(SMALL);
        appendUpTo(30);
        outbox.acknowledge(20);
        outbox.close();
        outbox = null;
        Files.delete(directory.resolve(CursorFile.NAME));
        open(SMALL);
        long oldestStored = RecordFormat.firstSequenceOf(segmentFiles().get(0));
        assertEquals(oldestStored - 1, outbox.acknowledged());
        assertRecords(readAll(outbox.acknowledged() + 1), range(oldestStored, 30));
        assertTrue("the acknowledged records that are still stored come again", oldestStored <= 20);
    }

    @Test
    public void aDamagedCursorFileReplaysEveryStoredRecord() throws Exception {
        open(OutboxSettings.defaults());
        appendUpTo(30);
        outbox.acknowledge(20);
        outbox.close();
        outbox = null;
        flipByte(directory.resolve(CursorFile.NAME), 9);
        open(OutboxSettings.defaults());
        assertEquals(0, outbox.acknowledged());
        assertRecords(readAll(1), range(1, 30));
    }

    @Test
    public void aCopyOfTheDirectoryTakenAfterFlushRecoversTheAcknowledgementWithoutClose() throws Exception {
        open(SMALL);
        appendUpTo(30);
        outbox.acknowledge(12);
        outbox.flush();
        Path copy = temporary.getRoot().toPath().resolve("copy");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                if (!file.getFileName().toString().equals(Outbox.LOCK_FILE_NAME)) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
        }
        try (Outbox recovered = Outbox.open(copy, SMALL)) {
            assertEquals(12, recovered.acknowledged());
            assertEquals(30, recovered.lastSequence());
        }
    }

    @Test
    public void aRecordLongerThanMaxRecordBytesIsRefusedAndNothingIsAppended() throws Exception {
        open(SMALL);
        try {
            outbox.append(new byte[513]);
            fail("accepted a record over maxRecordBytes");
        } catch (IllegalArgumentException expected) {
            assertEquals(0, outbox.lastSequence());
        }
        assertEquals(1, outbox.append(new byte[512]));
        assertEquals(2, outbox.append(new byte[0]));
        assertEquals(0, outbox.read(2, 1).get(0).payload().length);
    }

    @Test
    public void aSecondOutboxOnTheSameDirectoryIsRefused() throws Exception {
        open(SMALL);
        try (Outbox second = Outbox.open(directory, SMALL)) {
            fail("opened twice: " + second);
        } catch (IOException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("already open"));
        }
    }

    @Test
    public void aClosedOutboxRefusesAppendsAndReads() throws Exception {
        open(SMALL);
        appendUpTo(3);
        outbox.close();
        try {
            outbox.append(payload(4));
            fail("appended after close");
        } catch (IOException expected) {
            // expected
        }
        try {
            outbox.read(1, 1);
            fail("read after close");
        } catch (IOException expected) {
            // expected
        }
    }
}
