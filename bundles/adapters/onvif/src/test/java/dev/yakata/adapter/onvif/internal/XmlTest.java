package dev.yakata.adapter.onvif.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import org.junit.Test;

/** What a hostile camera can put in XML is refused before it costs anything. */
public class XmlTest {

    @Test
    public void aDoctypeIsRefusedSoNoEntityIsExpandedOrFetched() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE s [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>&x;</s:Body></s:Envelope>";
        try {
            Xml.parse(xxe.getBytes(StandardCharsets.UTF_8), "camera x at http://127.0.0.1/ answered Test");
            fail("parsed a DOCTYPE");
        } catch (CameraException e) {
            assertEquals(CameraException.Kind.MALFORMED, e.kind());
            assertTrue(e.getMessage(), e.getMessage().contains("DOCTYPE"));
        }
    }

    @Test
    public void aBillionLaughsIsRefusedAtTheDoctype() {
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><l>&b;</l>";
        try {
            Xml.parse(bomb.getBytes(StandardCharsets.UTF_8), "test");
            fail("parsed a DOCTYPE");
        } catch (CameraException e) {
            assertEquals(CameraException.Kind.MALFORMED, e.kind());
        }
    }
}
