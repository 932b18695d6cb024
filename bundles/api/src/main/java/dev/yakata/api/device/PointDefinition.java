package dev.yakata.api.device;

import java.util.Objects;
import java.util.Set;

/**
 * One value of a device, as its configuration file maps it. Build one with {@link #builder(String, PointKind)}; the
 * canonical constructor is not part of the stable contract.
 *
 * @param id       the point's id, unique within its device (e.g. {@code supply-temp})
 * @param kind     what kind of value it holds
 * @param unit     engineering unit (e.g. {@code °C}, {@code %}), empty when none
 * @param writable whether commands may write it
 * @param tags     semantic tags, Brick or Haystack names where they fit (e.g. {@code temp}, {@code supply})
 * @param address  where the adapter finds the value, in the adapter's own syntax (e.g. {@code analog-input:3})
 */
public record PointDefinition(String id, PointKind kind, String unit, boolean writable, Set<String> tags, String address) {

    public PointDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        unit = unit == null ? "" : unit;
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        address = address == null ? id : address;
    }

    public static Builder builder(String id, PointKind kind) {
        return new Builder(id, kind);
    }

    /** Builds a {@link PointDefinition}; not thread-safe. */
    public static final class Builder {
        private final String id;
        private final PointKind kind;
        private String unit = "";
        private boolean writable;
        private Set<String> tags = Set.of();
        private String address;

        private Builder(String id, PointKind kind) {
            this.id = id;
            this.kind = kind;
        }

        public Builder unit(String value) { unit = value; return this; }
        public Builder writable(boolean value) { writable = value; return this; }
        public Builder tags(String... value) { tags = Set.of(value); return this; }
        public Builder tags(Set<String> value) { tags = value; return this; }
        /** Where the adapter finds it; defaults to the point's id. */
        public Builder address(String value) { address = value; return this; }

        public PointDefinition build() {
            return new PointDefinition(id, kind, unit, writable, tags, address);
        }
    }
}
