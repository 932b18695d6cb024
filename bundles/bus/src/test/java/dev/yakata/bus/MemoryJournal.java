package dev.yakata.bus;

import dev.yakata.api.event.Event;
import dev.yakata.journal.api.Journal;
import dev.yakata.journal.api.JournalCursor;
import dev.yakata.journal.api.JournalEntry;
import dev.yakata.journal.api.JournalStatistics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A journal in memory, for the bus's own tests until the journal bundle's implementation lands; it keeps the
 * contract's ordering and positions, nothing of its durability. {@link #failAppends} makes appends fail like a disk.
 */
final class MemoryJournal implements Journal {

    private final List<Event> records = new ArrayList<>();
    volatile boolean failAppends;

    @Override
    public synchronized long append(Event event) throws IOException {
        if (failAppends) {
            throw new IOException("No space left on device (test)");
        }
        records.add(event);
        notifyAll();
        return records.size();
    }

    @Override
    public boolean awaitDurable(long position, long timeoutMillis) {
        return true;
    }

    @Override
    public synchronized long head() {
        return records.size();
    }

    synchronized List<Event> records() {
        return List.copyOf(records);
    }

    @Override
    public JournalCursor cursor(String consumer) {
        return new Cursor(consumer, 0);
    }

    @Override
    public JournalCursor transientCursor(long position) {
        return new Cursor("", position);
    }

    @Override
    public synchronized JournalStatistics statistics() {
        return new JournalStatistics(records.size(), records.size(), records.size(), 0, 0, 0, 0, Map.of());
    }

    private final class Cursor implements JournalCursor {
        private final String consumer;
        private long read;
        private long committed;

        Cursor(String consumer, long after) {
            this.consumer = consumer;
            this.read = after;
            this.committed = after;
        }

        @Override
        public String consumer() {
            return consumer;
        }

        @Override
        public List<JournalEntry> poll(int max, long timeoutMillis) throws InterruptedException {
            synchronized (MemoryJournal.this) {
                long deadline = System.currentTimeMillis() + timeoutMillis;
                while (records.size() <= read && timeoutMillis > 0) {
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0) {
                        break;
                    }
                    MemoryJournal.this.wait(left);
                }
                List<JournalEntry> out = new ArrayList<>();
                while (out.size() < max && read < records.size()) {
                    out.add(new JournalEntry(read + 1, records.get((int) read)));
                    read++;
                }
                return out;
            }
        }

        @Override
        public void commit(long position) {
            committed = position;
        }

        @Override
        public long committed() {
            return committed;
        }

        @Override
        public long lag() {
            return head() - committed;
        }

        @Override
        public long lost() {
            return 0;
        }

        @Override
        public long corrupted() {
            return 0;
        }

        @Override
        public void rewind() {
            read = committed;
        }
    }
}
