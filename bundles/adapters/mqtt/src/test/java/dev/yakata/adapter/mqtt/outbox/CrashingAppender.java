package dev.yakata.adapter.mqtt.outbox;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link OutboxCrashTest}: appends {@link OutboxTest#payload} records forever and prints each
 * sequence number after {@code append} returned for it, until the test kills the process.
 */
public final class CrashingAppender {

    static final OutboxSettings SETTINGS = OutboxSettings.defaults().withSegmentBytes(256 * 1024);

    private CrashingAppender() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, "US-ASCII");
        Outbox outbox = Outbox.open(Path.of(args[0]), SETTINGS);
        while (true) {
            long expected = outbox.lastSequence() + 1;
            long sequence = outbox.append(OutboxTest.payload(expected));
            if (sequence != expected) {
                System.err.println("append returned " + sequence + ", expected " + expected);
                System.exit(3);
            }
            out.println(sequence);
            out.flush(); // only what reached the pipe counts as returned for
        }
    }
}
