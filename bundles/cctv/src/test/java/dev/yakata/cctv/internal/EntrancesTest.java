package dev.yakata.cctv.internal;

import dev.yakata.bus.testing.RecordingBus;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class EntrancesTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static String refused(String text) {
        try {
            Entrances.parse(Path.of("etc/cctv/entrances.cfg"), text);
        } catch (Entrances.EntrancesException e) {
            return e.getMessage();
        }
        fail("accepted: " + text);
        return "";
    }

    @Test
    public void doorsMapToTheirCameraWithCommentsAndBlankLines() throws Exception {
        Entrances e = Entrances.parse(Path.of("x"), "# entrances\n\ndoor.1f.main-entrance = camera.1f.main-entrance # front\n"
                + "door.1f.staff-entrance=camera.1f.staff-entrance\n");
        assertEquals(Map.of("door.1f.main-entrance", "camera.1f.main-entrance",
                "door.1f.staff-entrance", "camera.1f.staff-entrance"), e.cameraByDoor());
        assertEquals(Optional.empty(), e.camera("door.2f.server-room"));
    }

    @Test
    public void badLinesAreRefusedWithFileLineAndFix() {
        String noEquals = refused("door.1f.main-entrance = camera.1f.main-entrance\ndoor.1f.staff-entrance camera.x\n");
        assertTrue(noEquals, noEquals.startsWith("etc/cctv/entrances.cfg:2: 'door.1f.staff-entrance camera.x' has no '='"));
        assertTrue(noEquals, noEquals.contains("door.1f.main-entrance = camera.1f.main-entrance"));
        String twoCameras = refused("door.a = camera.a\ndoor.a = camera.b\n");
        assertTrue(twoCameras, twoCameras.contains(":2: door.a already has camera camera.a on line 1; keep one line per door"));
        String badCamera = refused("door.a = camera a, camera b\n");
        assertTrue(badCamera, badCamera.contains(":1: the camera of door.a is 'camera a, camera b', not a device id"));
        String noDoor = refused(" = camera.a\n");
        assertTrue(noDoor, noDoor.contains(":1: '' is not a door's device id"));
    }

    @Test
    public void aRefusedFileKeepsThePreviousVersionInForce() throws Exception {
        Path file = tmp.newFile("entrances.cfg").toPath();
        Files.writeString(file, "door.1f.main-entrance = camera.1f.main-entrance\n");
        RecordingBus bus = new RecordingBus();
        EntranceFile entrances = new EntranceFile(file, bus);
        entrances.check();
        assertEquals(Optional.of("camera.1f.main-entrance"), entrances.current().camera("door.1f.main-entrance"));

        Files.writeString(file, "door.1f.main-entrance = camera.1f.staff-entrance\nthis is wrong\n");
        entrances.check();
        assertEquals("previous version kept", Optional.of("camera.1f.main-entrance"),
                entrances.current().camera("door.1f.main-entrance"));
        String error = String.valueOf(bus.ofType(EntranceFile.FAILED).get(0).data().get("error"));
        assertTrue(error, error.startsWith(file + ":2: 'this is wrong' has no '='") && error.endsWith("the previous version stays in force"));

        Files.writeString(file, "door.1f.main-entrance = camera.1f.staff-entrance\n");
        entrances.check();
        assertEquals(Optional.of("camera.1f.staff-entrance"), entrances.current().camera("door.1f.main-entrance"));
        assertEquals(2, bus.ofType(EntranceFile.LOADED).size());
    }
}
