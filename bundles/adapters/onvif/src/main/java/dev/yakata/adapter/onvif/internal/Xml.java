package dev.yakata.adapter.onvif.internal;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXParseException;

/**
 * A DOM parser for what a camera sends: namespace aware, no DOCTYPE at all (so no entity expansion, external or
 * internal), no external schema or DTD access, no XInclude. Bodies are already bounded in size by {@link BoundedHttp}.
 */
final class Xml {

    static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    static final String WSA = "http://www.w3.org/2005/08/addressing";
    static final String WSNT = "http://docs.oasis-open.org/wsn/b-2";
    static final String WSTOP = "http://docs.oasis-open.org/wsn/t-1";
    static final String TDS = "http://www.onvif.org/ver10/device/wsdl";
    static final String TRT = "http://www.onvif.org/ver10/media/wsdl";
    static final String TEV = "http://www.onvif.org/ver10/events/wsdl";
    static final String TT = "http://www.onvif.org/ver10/schema";
    static final String TNS1 = "http://www.onvif.org/ver10/topics";

    private static final DocumentBuilderFactory FACTORY = factory();

    private Xml() {
    }

    private static DocumentBuilderFactory factory() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return f;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be hardened: " + e.getMessage(), e);
        }
    }

    /** Parses a body, or throws {@link CameraException} (MALFORMED) saying where it broke. */
    static Document parse(byte[] body, String what) throws CameraException {
        try {
            DocumentBuilder builder = FACTORY.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(body));
        } catch (SAXParseException e) {
            throw new CameraException(CameraException.Kind.MALFORMED, what + " is not well-formed XML (line "
                    + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + e.getMessage() + ")");
        } catch (Exception e) {
            throw new CameraException(CameraException.Kind.MALFORMED, what + " is not XML: " + e.getMessage());
        }
    }

    /** The first descendant element with this namespace and local name, in document order. */
    static Optional<Element> first(Node from, String ns, String local) {
        var list = from instanceof Document d ? d.getElementsByTagNameNS(ns, local)
                : ((Element) from).getElementsByTagNameNS(ns, local);
        return list.getLength() == 0 ? Optional.empty() : Optional.of((Element) list.item(0));
    }

    /** All descendant elements with this namespace and local name, in document order. */
    static List<Element> all(Node from, String ns, String local) {
        var list = from instanceof Document d ? d.getElementsByTagNameNS(ns, local)
                : ((Element) from).getElementsByTagNameNS(ns, local);
        List<Element> out = new ArrayList<>(list.getLength());
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    /** The element children of {@code parent}. */
    static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    /** The trimmed text of the first such descendant, or empty. */
    static String text(Node from, String ns, String local) {
        return first(from, ns, local).map(e -> e.getTextContent().trim()).orElse("");
    }

    /** Escapes text for an element's content or an attribute value. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
