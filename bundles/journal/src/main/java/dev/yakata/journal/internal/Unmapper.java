package dev.yakata.journal.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases a segment's memory mapping at once rather than when the garbage collector gets to it, so a sealed
 * segment holds no address space and a deleted one frees its disk blocks right away. Uses {@code sun.misc.Unsafe}'s
 * {@code invokeCleaner} (module jdk.unsupported, reached through the framework's boot delegation of {@code sun.*});
 * where that is not available the mapping is left to the collector, which is correct, only later.
 */
final class Unmapper {

    private static final Logger LOG = LoggerFactory.getLogger(Unmapper.class);
    private static final MethodHandle INVOKE_CLEANER = find();

    private Unmapper() {
    }

    private static MethodHandle find() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            Object unsafe = field.get(null);
            return MethodHandles.lookup()
                    .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(unsafe);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("Cannot release memory mappings explicitly; the garbage collector will", e);
            return null;
        }
    }

    /** Unmaps {@code buffer}; it must never be touched again. */
    static void unmap(MappedByteBuffer buffer) {
        if (INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invokeExact((ByteBuffer) buffer);
        } catch (Throwable e) {
            LOG.debug("Releasing a memory mapping failed; the garbage collector will", e);
        }
    }
}
