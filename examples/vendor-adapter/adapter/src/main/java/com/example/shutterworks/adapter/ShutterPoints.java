package com.example.shutterworks.adapter;

import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.device.PointDefinition;
import dev.yakata.api.profile.Profiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which of the device's points play the shutter profile's roles. The hub has already checked that a shutter maps the
 * required roles ({@code obstruction}, {@code closed}) onto points of the right kind; the optional ones
 * ({@code position}, {@code state}) are published only when mapped.
 */
record ShutterPoints(String obstruction, String closed, Optional<String> position, Optional<String> state) {

    static ShutterPoints of(DeviceDefinition device) {
        if (!Profiles.SHUTTER.equals(device.profile())) {
            throw new IllegalArgumentException("device " + device.id() + " plays profile '" + device.profile()
                    + "'; the shutterworks adapter drives shutters: set device.profile = shutter");
        }
        return new ShutterPoints(required(device, "obstruction"), required(device, "closed"),
                device.pointFor("position").map(PointDefinition::id), device.pointFor("state").map(PointDefinition::id));
    }

    private static String required(DeviceDefinition device, String role) {
        return device.pointFor(role).map(PointDefinition::id).orElseThrow(() -> new IllegalArgumentException(
                "shutter " + device.id() + " maps no point to the role '" + role + "'; add point." + role
                        + ".kind = binary (or role." + role + " = <point id>)"));
    }

    /** Every point this adapter publishes. */
    List<String> all() {
        List<String> ids = new ArrayList<>(List.of(obstruction, closed));
        position.ifPresent(ids::add);
        state.ifPresent(ids::add);
        return ids;
    }
}
