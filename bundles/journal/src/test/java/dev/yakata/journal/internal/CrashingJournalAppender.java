package dev.yakata.journal.internal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link JournalCrashTest}: appends {@link TestEvents#numbered} events as fast as it can, while
 * a second thread prints each position once {@code awaitDurable} has returned true for it, until the test kills the
 * process (most likely in the middle of an append).
 */
public final class CrashingJournalAppender {

    static final JournalSettings SETTINGS = new JournalSettings(64 * 1024, 256L << 20, 5, 5, 8192);

    private CrashingJournalAppender() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, "US-ASCII");
        SegmentedJournal journal = SegmentedJournal.open(Path.of(args[0]), SETTINGS);
        long first = journal.head() + 1;
        Thread reporter = new Thread(() -> {
            long printed = first - 1;
            try {
                while (true) {
                    long head = journal.head();
                    if (head > printed && journal.awaitDurable(head, 10_000)) {
                        for (long p = printed + 1; p <= head; p++) {
                            out.println(p);
                        }
                        out.flush(); // only what reached the pipe counts as acknowledged
                        printed = head;
                    } else {
                        Thread.sleep(1);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "reporter");
        reporter.setDaemon(true);
        reporter.start();
        for (long p = first; ; p++) {
            long position = journal.append(TestEvents.numbered(p));
            if (position != p) {
                System.err.println("append returned " + position + ", expected " + p);
                System.exit(3);
            }
            if ((p & 63) == 0) {
                Thread.yield(); // let the reporter print on a busy machine
            }
        }
    }
}
