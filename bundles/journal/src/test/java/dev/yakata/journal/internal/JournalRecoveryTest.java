package dev.yakata.journal.internal;

import static dev.yakata.journal.internal.TestEvents.SMALL;
import static dev.yakata.journal.internal.TestEvents.numbered;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.yakata.journal.api.JournalCursor;
import dev.yakata.journal.api.JournalEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** What a crash or a bad disk leaves behind, and how the journal reads past it. */
public class JournalRecoveryTest {

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    private Path directory;
    private SegmentedJournal journal;

    @Before
    public void createDirectory() {
        directory = temporary.getRoot().toPath().resolve("journal");
    }

    @After
    public void closeJournal() throws IOException {
        if (journal != null) {
            journal.close();
        }
    }

    private void writeAndClose(long records, JournalSettings settings) throws IOException {
        try (SegmentedJournal writer = SegmentedJournal.open(directory, settings)) {
            for (long p = 1; p <= records; p++) {
                writer.append(numbered(p));
            }
        }
    }

    private List<JournalEntry> readAll() throws Exception {
        return SegmentedJournalTest.drain(journal.transientCursor(0));
    }

    private static void assertIntactExcept(List<JournalEntry> entries, long last, long... missing) {
        assertEquals(last - missing.length, entries.size());
        for (JournalEntry entry : entries) {
            for (long m : missing) {
                assertFalse("delivered damaged record " + m, entry.position() == m);
            }
            TestEvents.assertEntry(entry.position(), entry);
        }
    }

    @Test
    public void aCorruptedSegmentIsSkippedCountedAndReportedWithFileAndOffsetAndTheRecordsAfterItAreDelivered()
            throws Exception {
        writeAndClose(80, SMALL);
        List<Path> segments = JournalFiles.segments(directory);
        assertTrue("several segments: " + segments, segments.size() >= 4);
        Path second = segments.get(1);
        long first = JournalFiles.firstPosition(second);
        long damagedOffset = JournalFiles.offsetOf(first, first + 2);
        // Bytes flipped in the middle of the segment: in record first+2's payload, and in first+3's header.
        JournalFiles.flipByte(second, damagedOffset + RecordFormat.HEADER_BYTES + 5);
        JournalFiles.flipByte(second, JournalFiles.offsetOf(first, first + 3) + 9);
        try (TestEvents.LogCapture log = new TestEvents.LogCapture()) {
            journal = SegmentedJournal.open(directory, SMALL);
            JournalCursor bridge = journal.cursor("bridge");
            List<JournalEntry> entries = SegmentedJournalTest.drain(bridge);
            assertIntactExcept(entries, 80, first + 2, first + 3);
            assertEquals(2, bridge.corrupted());
            assertEquals(2, journal.statistics().corrupted());
            String text = log.text();
            assertTrue(text, text.contains(second.toString()));
            assertTrue(text, text.contains("at offset " + damagedOffset));
            assertTrue(text, text.contains("positions " + (first + 2) + " to " + (first + 3)));

            // A second consumer passing the same damage counts it too; the journal counts and logs it once.
            JournalCursor store = journal.cursor("store");
            assertIntactExcept(SegmentedJournalTest.drain(store), 80, first + 2, first + 3);
            assertEquals(2, store.corrupted());
            assertEquals(2, journal.statistics().corrupted());
            assertEquals(1, log.text().split("damaged record\\(s\\) skipped", -1).length - 1);
        }
    }

    @Test
    public void aTruncatedTailIsCutBackToTheLastWholeRecordOnOpenAndNumberingContinues() throws Exception {
        writeAndClose(10, JournalSettings.defaults());
        Path tail = JournalFiles.segments(directory).get(0);
        long endOfNine = JournalFiles.offsetOf(1, 10);
        JournalFiles.truncate(tail, endOfNine + 23); // the header and a part of record 10's payload
        try (TestEvents.LogCapture log = new TestEvents.LogCapture()) {
            journal = SegmentedJournal.open(directory, JournalSettings.defaults());
            assertTrue(log.text(), log.text().contains("incomplete record at offset " + endOfNine));
        }
        assertEquals(9, journal.head());
        assertEquals(endOfNine, journal.statistics().bytesOnDisk());
        assertEquals(0, journal.statistics().corrupted());
        assertEquals(10, journal.append(numbered(10)));
        assertIntactExcept(readAll(), 10);
    }

    @Test
    public void garbageAfterTheLastWholeRecordIsTruncatedOnOpen() throws Exception {
        writeAndClose(5, SMALL);
        Path tail = JournalFiles.segments(directory).get(0);
        long end = Files.size(tail);
        JournalFiles.write(tail, end, new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 6, 'x', 'y'});
        journal = SegmentedJournal.open(directory, SMALL);
        assertEquals(5, journal.head());
        assertEquals(end, journal.statistics().bytesOnDisk());
        assertIntactExcept(readAll(), 5);
    }

    @Test
    public void damageInTheLastSegmentIsFoundOnOpenAndTheRecordsAfterItAreKept() throws Exception {
        writeAndClose(10, JournalSettings.defaults());
        Path segment = JournalFiles.segments(directory).get(0);
        JournalFiles.flipByte(segment, JournalFiles.offsetOf(1, 5) + RecordFormat.HEADER_BYTES + 3);
        journal = SegmentedJournal.open(directory, JournalSettings.defaults());
        assertEquals(10, journal.head());
        assertEquals(1, journal.statistics().corrupted());
        JournalCursor cursor = journal.cursor("bridge");
        assertIntactExcept(SegmentedJournalTest.drain(cursor), 10, 5);
        assertEquals(1, cursor.corrupted());
        cursor.rewind();
        SegmentedJournalTest.drain(cursor);
        assertEquals("counted once however often it is read", 1, cursor.corrupted());
        assertEquals(11, journal.append(numbered(11)));
    }

    @Test
    public void aDamagedLengthIsNeverBelievedAndTheRecordsAfterItAreFound() throws Exception {
        writeAndClose(60, SMALL);
        Path older = JournalFiles.segments(directory).get(0);
        JournalFiles.write(older, JournalFiles.offsetOf(1, 3), new byte[] {0x7f, (byte) 0xff, (byte) 0xff, 0});
        journal = SegmentedJournal.open(directory, SMALL);
        List<JournalEntry> entries = readAll();
        assertIntactExcept(entries, 60, 3);
        assertEquals(1, journal.statistics().corrupted());
    }

    @Test
    public void anIntactRecordWhosePayloadIsNotAReadableEventCountsAsCorrupted() throws Exception {
        writeAndClose(4, SMALL);
        // Append by hand a record with a right checksum around an encoding of an unknown version, then two events.
        Path tail = JournalFiles.segments(directory).get(JournalFiles.segments(directory).size() - 1);
        byte[] payload = EventCodec.toBytes(numbered(5));
        payload[0] = 99;
        byte[] record = new byte[RecordFormat.HEADER_BYTES + payload.length];
        System.arraycopy(payload, 0, record, RecordFormat.HEADER_BYTES, payload.length);
        RecordFormat.seal(new CRC32C(), record, payload.length, 5);
        JournalFiles.write(tail, Files.size(tail), record);
        try (TestEvents.LogCapture log = new TestEvents.LogCapture()) {
            journal = SegmentedJournal.open(directory, SMALL);
            assertEquals(5, journal.head());
            journal.append(numbered(6));
            journal.append(numbered(7));
            JournalCursor cursor = journal.cursor("bridge");
            assertIntactExcept(SegmentedJournalTest.drain(cursor), 7, 5);
            assertEquals(1, cursor.corrupted());
            assertEquals(1, journal.statistics().corrupted());
            assertTrue(log.text(), log.text().contains("record 5 at offset"));
            assertTrue(log.text(), log.text().contains("version 99"));
        }
    }

    @Test
    public void aDamagedCursorFileReplaysThatConsumerFromTheOldestRecordAndNoOther() throws Exception {
        try (SegmentedJournal writer = SegmentedJournal.open(directory, SMALL)) {
            for (long p = 1; p <= 30; p++) {
                writer.append(numbered(p));
            }
            writer.cursor("bridge").commit(20);
            writer.cursor("store").commit(25);
        }
        JournalFiles.flipByte(CursorFile.pathOf(directory, "bridge"), 9);
        journal = SegmentedJournal.open(directory, SMALL);
        assertEquals(0, journal.cursor("bridge").committed());
        assertEquals(25, journal.cursor("store").committed());
        SegmentedJournalTest.assertPositions(SegmentedJournalTest.drain(journal.cursor("bridge")), 1, 30);
    }

    @Test
    public void aCursorBeyondTheLastStoredRecordMakesNumberingContinueAfterIt() throws Exception {
        // After an operating-system crash the cursor may have reached the disk while the last records did not.
        try (SegmentedJournal writer = SegmentedJournal.open(directory, SMALL)) {
            for (long p = 1; p <= 10; p++) {
                writer.append(numbered(p));
            }
        }
        CursorFile.write(directory, "bridge", 14);
        journal = SegmentedJournal.open(directory, SMALL);
        assertEquals(14, journal.head());
        assertEquals(15, journal.append(numbered(15)));
        SegmentedJournalTest.assertPositions(journal.cursor("bridge").poll(10, 0), 15, 15);
    }
}
