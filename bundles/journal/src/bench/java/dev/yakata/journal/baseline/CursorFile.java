package dev.yakata.journal.baseline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file holding the highest acknowledged sequence number: {@code [magic int][acknowledged long][crc32c int]}.
 * Replaced whole (temporary file, fsync, atomic rename, directory fsync), so after any crash it holds either the old
 * or the new value.
 */
final class CursorFile {

    static final String NAME = "cursor";
    static final String TEMPORARY_NAME = "cursor.tmp";

    private static final Logger LOG = LoggerFactory.getLogger(CursorFile.class);
    private static final int MAGIC = 0x594B4F43; // "YKOC"
    private static final int BYTES = 16;

    private CursorFile() {
    }

    /** The stored value, or empty when the file is missing or damaged (logged; the caller replays from the oldest). */
    static OptionalLong read(Path directory) throws IOException {
        Path file = directory.resolve(NAME);
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
        LOG.warn("Outbox cursor {} is damaged ({} bytes); delivery restarts from the oldest stored record, "
                + "consumers receive duplicates they can drop by sequence number", file, bytes.length);
        return OptionalLong.empty();
    }

    static void write(Path directory, long acknowledged) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BYTES).putInt(MAGIC).putLong(acknowledged);
        buffer.putInt(checksum(buffer.array())).flip();
        Path temporary = directory.resolve(TEMPORARY_NAME);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        }
        Files.move(temporary, directory.resolve(NAME), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(directory);
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
