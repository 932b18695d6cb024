package dev.yakata.tck.adapters;

/**
 * The same adapter once more under the same id, as a second {@code @Component} left behind after a refactoring: the
 * bundle's descriptors ({@code src/test/resources/bundles/registers-twice}) register both.
 */
public final class MemoryHvacAgain extends MemoryHvac {
}
