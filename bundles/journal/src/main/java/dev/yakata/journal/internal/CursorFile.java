package dev.yakata.journal.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file holding one named cursor's committed position, {@code <consumer>.cursor}:
 * {@code [magic int][committed long][crc32c int]}. Replaced whole (temporary file, fsync, atomic rename, directory
 * fsync), so after any crash it holds either the old or the new value. One file per consumer, so one damaged file
 * costs only that consumer a replay.
 */
final class CursorFile {

    static final String SUFFIX = ".cursor";
    static final String TEMPORARY_SUFFIX = ".cursor.tmp";

    /** What a consumer name may be: it becomes a file name. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private static final Logger LOG = LoggerFactory.getLogger(CursorFile.class);
    private static final int MAGIC = 0x594B4A43; // "YKJC"
    private static final int BYTES = 16;

    private CursorFile() {
    }

    static Path pathOf(Path directory, String consumer) {
        return directory.resolve(consumer + SUFFIX);
    }

    /** The consumer a cursor file belongs to, or null if the name is not a cursor file's. */
    static String consumerOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(SUFFIX)) {
            return null;
        }
        String consumer = name.substring(0, name.length() - SUFFIX.length());
        return NAME.matcher(consumer).matches() ? consumer : null;
    }

    /** The stored value, or empty when the file is damaged (logged; the consumer replays from the oldest record). */
    static OptionalLong read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length == BYTES && buffer.getInt(0) == MAGIC && buffer.getInt(12) == checksum(bytes)
                && buffer.getLong(4) >= 0) {
            return OptionalLong.of(buffer.getLong(4));
        }
        LOG.warn("Journal cursor file {} is damaged ({} bytes); consumer {} restarts from the oldest stored record "
                + "and receives again what it had processed (it drops duplicates by position or event id)", file,
                bytes.length, consumerOf(file));
        return OptionalLong.empty();
    }

    static void write(Path directory, String consumer, long committed) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BYTES).putInt(MAGIC).putLong(committed);
        buffer.putInt(checksum(buffer.array())).flip();
        Path temporary = directory.resolve(consumer + TEMPORARY_SUFFIX);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        }
        Files.move(temporary, pathOf(directory, consumer), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Makes created, renamed and deleted names in {@code directory} durable. Not every platform can open a directory
     * (Windows cannot); there the names become durable with the file system's own journal.
     */
    static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("Cannot force directory {} on this platform", directory, e);
        }
    }

    private static int checksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, 12);
        return (int) crc.getValue();
    }
}
