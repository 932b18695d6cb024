package dev.yakata.journal.internal;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.Severity;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The journal's binary form of an {@link Event}: compact, versioned, and strict when reading.
 *
 * <p>Layout (version 1): {@code [version byte = 1]}, then id, source, type, subject, zone as strings, time as
 * {@code [epoch seconds varlong][nanos varint]}, severity as one byte (0 INFO, 1 WARNING, 2 ALARM, 3 CRITICAL: fixed
 * codes, not enum ordinals), sequence as a varlong, correlationId and actor as strings, deviceTime as a presence byte
 * and a time, and last the data map. A string is {@code [UTF-8 length varint][UTF-8 bytes]}. A value is a tag byte and
 * its body: null, false, true, int, long, short (zig-zag varints), byte, float, double (IEEE bits, 4 and 8 bytes),
 * string, big integer, big decimal (unscaled bytes and scale), instant, list and map ({@code [count][entries]}, keys
 * as strings, order kept), so each value comes back with its Java type. A value of another type is stored as its
 * {@code toString()} (an array as a list), so an append is never refused for an odd payload.
 *
 * <p>Reading checks every length against what is left and every tag and code against the known ones; anything else
 * is an {@link IllegalArgumentException}, which the journal counts as a corrupted record. A newer version byte is
 * refused the same way, so a hub rolled back to an older journal bundle skips what it cannot read rather than
 * misreading it.
 *
 * <p>Not thread-safe: the encoder reuses one buffer (the journal encodes under its append lock). Decoding is static.
 */
final class EventCodec {

    static final int VERSION = 1;

    /** Deeper nesting than this is refused when reading, so a damaged record cannot exhaust the stack. */
    static final int MAX_DEPTH = 64;

    private static final byte T_NULL = 0;
    private static final byte T_FALSE = 1;
    private static final byte T_TRUE = 2;
    private static final byte T_INT = 3;
    private static final byte T_LONG = 4;
    private static final byte T_FLOAT = 5;
    private static final byte T_DOUBLE = 6;
    private static final byte T_STRING = 7;
    private static final byte T_BIG_INTEGER = 8;
    private static final byte T_BIG_DECIMAL = 9;
    private static final byte T_INSTANT = 10;
    private static final byte T_LIST = 11;
    private static final byte T_MAP = 12;
    private static final byte T_SHORT = 13;
    private static final byte T_BYTE = 14;

    private byte[] buffer;
    private int size;

    EventCodec() {
        buffer = new byte[1024];
    }

    /**
     * Encodes {@code event} after {@code headerBytes} bytes left free for the caller's record header.
     *
     * @return the buffer holding header space and encoding; valid until the next call. {@link #size()} tells its end.
     */
    byte[] encode(Event event, int headerBytes) {
        size = headerBytes;
        ensure(headerBytes + 64);
        buffer[size++] = VERSION;
        writeString(event.id());
        writeString(event.source());
        writeString(event.type());
        writeString(event.subject());
        writeString(event.zone());
        writeInstant(event.time());
        buffer[size++] = severityCode(event.severity());
        writeVarLong(event.sequence());
        writeString(event.correlationId());
        writeString(event.actor());
        if (event.deviceTime() == null) {
            buffer[size++] = 0;
        } else {
            buffer[size++] = 1;
            writeInstant(event.deviceTime());
        }
        writeMapBody(event.data(), 0);
        return buffer;
    }

    /** End of the encoding in the buffer {@link #encode} returned (header included). */
    int size() {
        return size;
    }

    /** Encodes into a new array of its own, without header space: for tests and benchmarks. */
    static byte[] toBytes(Event event) {
        EventCodec codec = new EventCodec();
        codec.encode(event, 0);
        return Arrays.copyOf(codec.buffer, codec.size);
    }

    /** Decodes one event from {@code bytes} (exactly the payload). */
    static Event fromBytes(byte[] bytes) {
        return decode(ByteBuffer.wrap(bytes));
    }

    /**
     * Decodes the event in {@code in} from its position to its limit, all of which it must use.
     *
     * @throws IllegalArgumentException if the bytes are not a whole, valid encoding of a version this code reads
     */
    static Event decode(ByteBuffer in) {
        try {
            int version = in.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown event encoding version " + version + " (this journal "
                        + "reads version " + VERSION + ")");
            }
            String id = readString(in);
            String source = readString(in);
            String type = readString(in);
            String subject = readString(in);
            String zone = readString(in);
            Instant time = readInstant(in);
            Severity severity = severityOf(in.get());
            long sequence = readVarLong(in);
            String correlationId = readString(in);
            String actor = readString(in);
            int hasDeviceTime = in.get();
            Instant deviceTime;
            if (hasDeviceTime == 0) {
                deviceTime = null;
            } else if (hasDeviceTime == 1) {
                deviceTime = readInstant(in);
            } else {
                throw new IllegalArgumentException("bad deviceTime marker " + hasDeviceTime);
            }
            Map<String, Object> data = readMapBody(in, 0);
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes left after the event");
            }
            return Event.builder(type, source).id(id).time(time).subject(subject).zone(zone).severity(severity)
                    .data(data).sequence(sequence).correlationId(correlationId).actor(actor).deviceTime(deviceTime)
                    .build();
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("the encoding ends early", e);
        } catch (java.time.DateTimeException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("a value is out of range: " + e.getMessage(), e);
        } catch (NullPointerException e) {
            throw new IllegalArgumentException("a required field is missing", e);
        }
    }

    // ---- writing

    private void writeValue(Object value, int depth) {
        if (value == null) {
            put(T_NULL);
        } else if (value instanceof String s) {
            put(T_STRING);
            writeString(s);
        } else if (value instanceof Boolean b) {
            put(b ? T_TRUE : T_FALSE);
        } else if (value instanceof Integer i) {
            put(T_INT);
            writeVarLong(zigZag(i));
        } else if (value instanceof Long l) {
            put(T_LONG);
            writeVarLong(zigZag(l));
        } else if (value instanceof Double d) {
            put(T_DOUBLE);
            writeFixedLong(Double.doubleToRawLongBits(d));
        } else if (value instanceof Float f) {
            put(T_FLOAT);
            writeFixedInt(Float.floatToRawIntBits(f));
        } else if (value instanceof Short s) {
            put(T_SHORT);
            writeVarLong(zigZag(s));
        } else if (value instanceof Byte b) {
            put(T_BYTE);
            put(b);
        } else if (value instanceof BigInteger big) {
            put(T_BIG_INTEGER);
            writeBytes(big.toByteArray());
        } else if (value instanceof BigDecimal decimal) {
            put(T_BIG_DECIMAL);
            writeBytes(decimal.unscaledValue().toByteArray());
            writeVarLong(zigZag(decimal.scale()));
        } else if (value instanceof Instant instant) {
            put(T_INSTANT);
            writeInstant(instant);
        } else if (value instanceof Map<?, ?> map) {
            put(T_MAP);
            writeMapBody(map, depth + 1);
        } else if (value instanceof Collection<?> collection) {
            put(T_LIST);
            writeVarLong(collection.size());
            for (Object element : collection) {
                writeValue(element, depth + 1);
            }
        } else if (value instanceof Object[] array) {
            writeValue(Arrays.asList(array), depth);
        } else {
            // Not a payload type the Event contract names; keep what it says rather than refuse the event.
            put(T_STRING);
            writeString(value.toString());
        }
    }

    private void writeMapBody(Map<?, ?> map, int depth) {
        if (depth >= MAX_DEPTH) {
            throw new IllegalArgumentException("event data nested deeper than " + MAX_DEPTH + " levels");
        }
        writeVarLong(map.size());
        // forEach, not entrySet(): an unmodifiable map wraps every entry it iterates in an object of its own.
        map.forEach((key, value) -> {
            writeString(key instanceof String text ? text : String.valueOf(key));
            writeValue(value, depth);
        });
    }

    private void writeInstant(Instant instant) {
        writeVarLong(zigZag(instant.getEpochSecond()));
        writeVarLong(instant.getNano());
    }

    private void writeString(String s) {
        int length = s.length();
        ensure(5 + length);
        int lengthAt = size;
        // Most strings are ASCII: write them in one pass, with a one-byte length when short.
        if (length < 128) {
            int at = lengthAt + 1;
            byte[] b = buffer;
            int i = 0;
            for (; i < length; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    break;
                }
                b[at + i] = (byte) c;
            }
            if (i == length) {
                b[lengthAt] = (byte) length;
                size = at + length;
                return;
            }
        }
        writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private void writeBytes(byte[] bytes) {
        writeVarLong(bytes.length);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
    }

    private void writeVarLong(long value) {
        ensure(10);
        long v = value;
        while ((v & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buffer[size++] = (byte) v;
    }

    private void writeFixedInt(int value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
    }

    private void writeFixedLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
    }

    private void put(byte b) {
        ensure(1);
        buffer[size++] = b;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(size + more, 2 * buffer.length));
        }
    }

    private static long zigZag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unZigZag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static byte severityCode(Severity severity) {
        return switch (severity) {
            case INFO -> 0;
            case WARNING -> 1;
            case ALARM -> 2;
            case CRITICAL -> 3;
        };
    }

    private static Severity severityOf(byte code) {
        return switch (code) {
            case 0 -> Severity.INFO;
            case 1 -> Severity.WARNING;
            case 2 -> Severity.ALARM;
            case 3 -> Severity.CRITICAL;
            default -> throw new IllegalArgumentException("unknown severity code " + code);
        };
    }

    // ---- reading

    private static Object readValue(ByteBuffer in, int depth) {
        byte tag = in.get();
        switch (tag) {
            case T_NULL:
                return null;
            case T_FALSE:
                return Boolean.FALSE;
            case T_TRUE:
                return Boolean.TRUE;
            case T_INT:
                return Math.toIntExact(unZigZag(readVarLong(in)));
            case T_LONG:
                return unZigZag(readVarLong(in));
            case T_FLOAT:
                return Float.intBitsToFloat(in.getInt());
            case T_DOUBLE:
                return Double.longBitsToDouble(in.getLong());
            case T_SHORT: {
                long v = unZigZag(readVarLong(in));
                if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                    throw new IllegalArgumentException("short out of range: " + v);
                }
                return (short) v;
            }
            case T_BYTE:
                return in.get();
            case T_STRING:
                return readString(in);
            case T_BIG_INTEGER:
                return new BigInteger(readBytes(in));
            case T_BIG_DECIMAL: {
                BigInteger unscaled = new BigInteger(readBytes(in));
                return new BigDecimal(unscaled, Math.toIntExact(unZigZag(readVarLong(in))));
            }
            case T_INSTANT:
                return readInstant(in);
            case T_LIST: {
                if (depth + 1 >= MAX_DEPTH) {
                    throw new IllegalArgumentException("nested deeper than " + MAX_DEPTH + " levels");
                }
                int count = readCount(in);
                List<Object> list = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    list.add(readValue(in, depth + 1));
                }
                return Collections.unmodifiableList(list);
            }
            case T_MAP:
                return readMapBody(in, depth + 1);
            default:
                throw new IllegalArgumentException("unknown value tag " + tag);
        }
    }

    private static Map<String, Object> readMapBody(ByteBuffer in, int depth) {
        if (depth >= MAX_DEPTH) {
            throw new IllegalArgumentException("nested deeper than " + MAX_DEPTH + " levels");
        }
        int count = readCount(in);
        Map<String, Object> map = new LinkedHashMap<>(Math.max(4, count * 4 / 3 + 1));
        for (int i = 0; i < count; i++) {
            String key = readString(in);
            map.put(key, readValue(in, depth));
        }
        return depth == 0 ? map : Collections.unmodifiableMap(map);
    }

    /** An element count, which must be possible in what is left (every element takes at least a byte). */
    private static int readCount(ByteBuffer in) {
        long count = readVarLong(in);
        if (count < 0 || count > in.remaining()) {
            throw new IllegalArgumentException("count " + count + " exceeds the " + in.remaining() + " bytes left");
        }
        return (int) count;
    }

    private static Instant readInstant(ByteBuffer in) {
        long seconds = unZigZag(readVarLong(in));
        long nanos = readVarLong(in);
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("nanoseconds out of range: " + nanos);
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    private static String readString(ByteBuffer in) {
        int length = readCount(in);
        if (in.hasArray()) {
            int at = in.arrayOffset() + in.position();
            in.position(in.position() + length);
            return new String(in.array(), at, length, StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(ByteBuffer in) {
        byte[] bytes = new byte[readCount(in)];
        in.get(bytes);
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty big number");
        }
        return bytes;
    }

    private static long readVarLong(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }
}
