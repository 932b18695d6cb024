package dev.yakata.api.event;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * An event's payload: an immutable map in insertion order that allows null values, held in one array. An event is
 * built for every point change, so its payload costs one array instead of a hash table with an entry per key, and is
 * never copied once built. Not part of the API: events expose it as a plain {@link Map}.
 */
final class OrderedData extends AbstractMap<String, Object> {

    /** Keys at even indexes, their values at the odd one after. */
    private final Object[] slots;
    private final int size;

    private OrderedData(Object[] slots, int size) {
        this.slots = slots;
        this.size = size;
    }

    /** {@code data} itself when it is already immutable ordered data, else a copy in its iteration order. */
    static Map<String, Object> copyOf(Map<String, ?> data) {
        if (data instanceof OrderedData ordered) {
            return ordered;
        }
        Appender appender = new Appender(data.size());
        for (Map.Entry<String, ?> e : data.entrySet()) {
            appender.put(e.getKey(), e.getValue());
        }
        return appender.build();
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : slots[i + 1];
    }

    private int indexOf(Object key) {
        for (int i = 0; i < size * 2; i += 2) {
            if (slots[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int i = 2 * next++;
                        return new AbstractMap.SimpleImmutableEntry<>((String) slots[i], slots[i + 1]);
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** Collects entries for one {@link OrderedData}; a key put twice keeps its first place and its last value. */
    static final class Appender {
        private Object[] slots;
        private int size;
        private boolean built;

        Appender(int expected) {
            slots = new Object[Math.max(2, expected * 2)];
        }

        void put(String key, Object value) {
            Objects.requireNonNull(key, "a payload key must not be null");
            if (built) { // the built data owns the array: copy before changing it
                slots = Arrays.copyOf(slots, slots.length);
                built = false;
            }
            for (int i = 0; i < size * 2; i += 2) {
                if (slots[i].equals(key)) {
                    slots[i + 1] = value;
                    return;
                }
            }
            if (size * 2 == slots.length) {
                slots = Arrays.copyOf(slots, slots.length * 2);
            }
            slots[size * 2] = key;
            slots[size * 2 + 1] = value;
            size++;
        }

        boolean isEmpty() {
            return size == 0;
        }

        Map<String, Object> build() {
            built = true;
            return new OrderedData(slots, size);
        }
    }
}
