package dev.yakata.core.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.yakata.api.device.DeviceDefinition;
import dev.yakata.api.profile.PointRole;
import dev.yakata.api.profile.Profile;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.Test;

public class ProfileBindingTest {

    /** A device file of the profile with a point for every role, each point named after its role. */
    private static Map<String, Object> fileFor(Profile profile) {
        Map<String, Object> config = new HashMap<>();
        config.put("device.id", "dev." + profile.name());
        config.put("device.type", "thing");
        config.put("device.profile", profile.name());
        config.put("adapter", "any");
        for (PointRole role : profile.roles()) {
            config.put("point." + role.name() + ".kind", role.kind().name().toLowerCase(Locale.ROOT));
        }
        return config;
    }

    private static String refusal(Map<String, Object> config) {
        try {
            DeviceConfigParser.parseDevice(config, "dev.yakata.device-x.cfg");
        } catch (DeviceConfigException e) {
            return e.getMessage();
        }
        fail("the file was accepted: " + config);
        return null;
    }

    @Test
    public void everyShippedProfileAcceptsADeviceWithAllItsRolesAndMapsThem() throws Exception {
        assertEquals(java.util.List.of("access-control", "alarm-management", "camera", "door", "hvac", "postures", "power-feeds", "shutter", "shutter-control", "snapshots", "ups"),
                StandardProfiles.all().stream().map(Profile::name).toList());
        for (Profile profile : StandardProfiles.all()) {
            DeviceConfig config = DeviceConfigParser.parseDevice(fileFor(profile), "dev.yakata.device-x.cfg");
            assertEquals(profile.name(), config.definition().profile());
            assertEquals(profile.roles().size(), config.definition().roles().size());
        }
    }

    @Test
    public void aDeviceMissingARequiredRoleIsRefusedNamingTheRoleForEveryShippedProfile() {
        int checked = 0;
        for (Profile profile : StandardProfiles.all()) {
            for (PointRole role : profile.roles()) {
                if (!role.required()) {
                    continue;
                }
                Map<String, Object> config = fileFor(profile);
                config.remove("point." + role.name() + ".kind");
                String message = refusal(config);
                assertTrue(message, message.contains("the " + profile.name() + " profile needs a point for role '" + role.name() + "'"));
                assertTrue(message, message.contains("role." + role.name() + " = <point id>"));
                checked++;
            }
        }
        assertEquals("required roles: door 2, shutter 2, power-feeds 3, hvac 1, ups 1", 9, checked);
    }

    @Test
    public void anOptionalRoleMayBeLeftOut() throws Exception {
        Map<String, Object> config = fileFor(StandardProfiles.named("door").orElseThrow());
        config.remove("point.request-to-exit.kind");
        DeviceConfig parsed = DeviceConfigParser.parseDevice(config, "x.cfg");
        assertFalse(parsed.definition().roles().containsKey("request-to-exit"));
    }

    @Test
    public void aRoleMapsOntoAPointOfAnotherName() throws Exception {
        Map<String, Object> config = fileFor(StandardProfiles.named("power-feeds").orElseThrow());
        config.remove("point.load-supplied.kind");
        config.put("point.load-powered.kind", "binary");
        config.put("role.load-supplied", "load-powered");
        DeviceConfig parsed = DeviceConfigParser.parseDevice(config, "x.cfg");
        assertEquals("load-powered", parsed.definition().roles().get("load-supplied"));
        assertEquals("load-powered", parsed.definition().pointFor("load-supplied").orElseThrow().id());
    }

    @Test
    public void aRoleOnAPointOfTheWrongKindIsRefused() {
        Map<String, Object> config = fileFor(StandardProfiles.named("door").orElseThrow());
        config.put("point.locked.kind", "analog");
        String message = refusal(config);
        assertTrue(message, message.contains("role 'locked' of the door profile needs a binary point, but point 'locked' is analog"));
    }

    @Test
    public void anUnknownProfileAnUnknownRoleAndAMappingToNoPointAreRefused() {
        Map<String, Object> unknown = fileFor(StandardProfiles.named("door").orElseThrow());
        unknown.put("device.profile", "dor");
        assertTrue(refusal(unknown).contains("device.profile = 'dor' is not a profile; use one of access-control, alarm-management, camera, door, hvac"));

        Map<String, Object> role = fileFor(StandardProfiles.named("door").orElseThrow());
        role.put("role.latch", "locked");
        assertTrue(refusal(role).contains("role.latch: the door profile has no role 'latch'; its roles are locked, contact"));

        Map<String, Object> missing = fileFor(StandardProfiles.named("door").orElseThrow());
        missing.put("role.contact", "reed");
        assertTrue(refusal(missing).contains("role.contact = 'reed' names no point of this device"));
    }

    @Test
    public void theTypeImpliesTheProfileOfTheSameNameAndOtherTypesHaveNone() throws Exception {
        Map<String, Object> door = fileFor(StandardProfiles.named("door").orElseThrow());
        door.remove("device.profile");
        door.put("device.type", "door");
        assertEquals("door", DeviceConfigParser.parseDevice(door, "x.cfg").policyName());

        Map<String, Object> sensor = new HashMap<>(Map.of("device.type", "sensor", "adapter", "any", "point.t.kind", "analog"));
        DeviceConfig parsed = DeviceConfigParser.parseDevice(sensor, "dev.yakata.device-s.cfg");
        assertEquals("", parsed.definition().profile());
        assertEquals("sensor", parsed.policyName());
    }

    @Test
    public void docsProfilesPageListsEveryRoleAndActionOfEveryProfile() throws Exception {
        java.nio.file.Path page = java.nio.file.Paths.get("..", "..", "docs", "profiles.md");
        String text = java.nio.file.Files.readString(page);
        for (Profile profile : StandardProfiles.all()) {
            assertTrue("docs/profiles.md lacks profile " + profile.name(), text.contains("## `" + profile.name() + "`"));
            for (PointRole role : profile.roles()) {
                assertTrue("docs/profiles.md lacks " + profile.name() + " role " + role.name(), text.contains("`" + role.name() + "`"));
            }
            profile.actions().forEach(a -> assertTrue("docs/profiles.md lacks action " + a.name(), text.contains("`" + a.name())));
        }
    }
}
