package dev.yakata.core.api;

import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.DeviceStatus;

/**
 * What the registry knows of one configured device.
 *
 * @param id         the device id (for an unreadable file, the file's name)
 * @param definition the parsed configuration with secret settings shown as {@code ******}, {@code null} when the
 *                   file is invalid
 * @param status     the current status
 * @param configFile the file the device came from, empty when it was configured otherwise
 */
public record DeviceInfo(String id, DeviceDefinition definition, DeviceStatus status, String configFile) {
}
