package dev.yakata.api.device;

import java.util.Objects;
import java.util.Set;

/**
 * One value of a device, as its configuration file maps it.
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
}
