package dev.yakata.console.web.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The demo building's floor maps (config/etc/console/floors/) match its device files: every device with a floor has
 * an anchor on that floor's map, every anchor names a device of that floor, and every room is in a zone the console
 * colours. A building manager's file is held to the same format (docs/console.md).
 */
public class FloorMapsTest {

    private static final Path ETC = Path.of("../../config/etc");
    private static final Set<String> ZONES = Set.of("L1", "L2", "L3");

    @Test
    public void everyDemoDeviceWithAFloorHasExactlyOneAnchorOnItsFloorsMap() throws Exception {
        Map<String, Set<String>> devicesByFloor = new TreeMap<>();
        try (Stream<Path> files = Files.list(ETC)) {
            for (Path cfg : files.filter(p -> p.getFileName().toString().startsWith("dev.yakata.device-")).toList()) {
                Properties p = new Properties();
                try (var in = Files.newBufferedReader(cfg)) {
                    p.load(in);
                }
                if (p.getProperty("floor") != null) {
                    devicesByFloor.computeIfAbsent(p.getProperty("floor").trim(), f -> new TreeSet<>())
                            .add(p.getProperty("device.id").trim());
                }
            }
        }
        assertEquals(Set.of("1F", "2F", "3F"), devicesByFloor.keySet());
        for (Map.Entry<String, Set<String>> floor : devicesByFloor.entrySet()) {
            Document map = parse(ETC.resolve("console/floors/" + floor.getKey() + ".svg"));
            Set<String> anchors = new TreeSet<>();
            NodeList all = map.getElementsByTagName("*");
            for (int i = 0; i < all.getLength(); i++) {
                Element e = (Element) all.item(i);
                if (e.hasAttribute("data-device")) {
                    assertTrue(floor.getKey() + ": anchor twice: " + e.getAttribute("data-device"), anchors.add(e.getAttribute("data-device")));
                    assertTrue(floor.getKey() + ": anchor without a position: " + e.getAttribute("data-device"),
                            e.getAttribute("transform").startsWith("translate("));
                }
            }
            assertEquals("anchors on " + floor.getKey() + ".svg", floor.getValue(), anchors);
        }
    }

    @Test
    public void everyRoomOnEveryMapIsInAZoneTheConsoleColoursAndNoMapCarriesScript() throws Exception {
        try (Stream<Path> maps = Files.list(ETC.resolve("console/floors"))) {
            for (Path file : maps.filter(p -> p.toString().endsWith(".svg")).toList()) {
                Document map = parse(file);
                NodeList rooms = map.getElementsByTagName("*");
                int zoned = 0;
                for (int i = 0; i < rooms.getLength(); i++) {
                    Element e = (Element) rooms.item(i);
                    if (e.hasAttribute("data-room")) {
                        assertTrue(file + ": room " + e.getAttribute("data-room") + " zone " + e.getAttribute("data-zone"),
                                ZONES.contains(e.getAttribute("data-zone")));
                        zoned++;
                    }
                    assertTrue(file + ": <" + e.getTagName() + ">", !Set.of("script", "foreignObject").contains(e.getTagName()));
                }
                assertTrue(file + " has no room", zoned > 0);
                assertEquals(file + ": root", "svg", map.getDocumentElement().getTagName());
            }
        }
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(file.toFile());
    }
}
