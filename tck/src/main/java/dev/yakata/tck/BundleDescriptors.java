package dev.yakata.tck;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.testkit.BundleManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What Declarative Services would register from a built bundle: the descriptors its {@code Service-Component} header
 * lists (as bnd writes them from {@code @Component}), and in them the components that provide
 * {@link DeviceAdapter} with a {@value DeviceAdapter#ADAPTER_ID}.
 */
final class BundleDescriptors {

    /** One component that DS would register as a DeviceAdapter service. */
    record AdapterComponent(String name, String implementation, String descriptor, String adapterId, boolean enabled) {

        String named() {
            return "component " + name + (implementation.equals(name) ? "" : " (" + implementation + ")") + " in " + descriptor;
        }
    }

    private BundleDescriptors() {
    }

    /** The findings of the static half of {@link Clause#REGISTERS_ONCE}: exactly one component claims the id. */
    static List<Finding> check(Path bundleClasses, String adapterId) {
        List<Finding> findings = new ArrayList<>();
        Path manifestFile = bundleClasses.resolve("META-INF/MANIFEST.MF");
        if (!Files.isRegularFile(manifestFile)) {
            findings.add(new Finding(Clause.REGISTERS_ONCE, "there is no bundle manifest at " + manifestFile.toAbsolutePath()
                    + ", so nothing says how the adapter is registered; build the bundle first (bnd-maven-plugin bound to the"
                    + " build, tests after process-classes) or give its class folder with bundleClasses(dir)"));
            return findings;
        }
        List<String> entries = BundleManifest.of(bundleClasses).serviceComponents();
        List<AdapterComponent> listed = new ArrayList<>();
        for (String entry : entries) {
            List<Path> files = resolve(bundleClasses, entry);
            if (files.isEmpty()) {
                findings.add(new Finding(Clause.REGISTERS_ONCE, "the manifest's Service-Component names " + entry
                        + ", which is not in the bundle; DS fails on it. Let bnd write the header from the @Component classes"));
            }
            for (Path file : files) {
                try {
                    listed.addAll(components(file, bundleClasses));
                } catch (IllegalArgumentException e) {
                    findings.add(new Finding(Clause.REGISTERS_ONCE, e.getMessage()));
                }
            }
        }
        List<AdapterComponent> claiming = listed.stream().filter(c -> adapterId.equals(c.adapterId()) && c.enabled()).toList();
        for (AdapterComponent c : listed) {
            if (c.adapterId() == null) {
                findings.add(new Finding(Clause.REGISTERS_ONCE, c.named() + " provides " + DeviceAdapter.class.getName()
                        + " without a " + DeviceAdapter.ADAPTER_ID + " property; the hub ignores such a service (logged at ERROR)."
                        + " Add @Component(property = DeviceAdapter.ADAPTER_ID + \"=" + adapterId + "\")"));
            }
        }
        if (claiming.size() > 1) {
            findings.add(new Finding(Clause.REGISTERS_ONCE, "registers twice: " + claiming.stream().map(AdapterComponent::named)
                    .collect(Collectors.joining(" and ")) + " each provide " + DeviceAdapter.class.getSimpleName() + " with "
                    + DeviceAdapter.ADAPTER_ID + "=" + adapterId + ". The hub keeps the first that registers and ignores the"
                    + " second, so which code serves the devices depends on start order; keep one @Component per adapter id"
                    + (duplicateEntries(entries) ? " and list each descriptor once in Service-Component" : "")));
        } else if (claiming.isEmpty()) {
            List<AdapterComponent> unlisted = unlisted(bundleClasses, entries, adapterId);
            String disabled = listed.stream().filter(c -> adapterId.equals(c.adapterId()) && !c.enabled())
                    .map(AdapterComponent::named).collect(Collectors.joining(", "));
            findings.add(new Finding(Clause.REGISTERS_ONCE, "no component registers a " + DeviceAdapter.class.getSimpleName()
                    + " with " + DeviceAdapter.ADAPTER_ID + "=" + adapterId + (entries.isEmpty()
                            ? " (the manifest has no Service-Component header)" : " among " + String.join(", ", entries))
                    + (disabled.isEmpty() ? "" : "; " + disabled + " is disabled (enabled=\"false\")")
                    + (unlisted.isEmpty() ? "" : "; " + unlisted.get(0).descriptor() + " would, but the manifest does not list it")
                    + ". The hub would never open a device of this adapter: annotate the adapter with"
                    + " @Component(property = DeviceAdapter.ADAPTER_ID + \"=" + adapterId + "\") and let bnd write the descriptor"));
        }
        return findings;
    }

    private static boolean duplicateEntries(List<String> entries) {
        return entries.stream().distinct().count() < entries.size();
    }

    private static List<AdapterComponent> unlisted(Path bundleClasses, List<String> entries, String adapterId) {
        List<AdapterComponent> found = new ArrayList<>();
        for (Path file : resolve(bundleClasses, "OSGI-INF/*.xml")) {
            String entry = bundleClasses.relativize(file).toString().replace('\\', '/');
            if (!entries.contains(entry)) {
                try {
                    components(file, bundleClasses).stream().filter(c -> adapterId.equals(c.adapterId())).forEach(found::add);
                } catch (IllegalArgumentException e) {
                    // not listed, so DS never reads it either
                }
            }
        }
        return found;
    }

    /** The files a Service-Component entry names: a path, or a pattern in its last segment ({@code OSGI-INF/*.xml}). */
    private static List<Path> resolve(Path bundleClasses, String entry) {
        String path = entry.startsWith("/") ? entry.substring(1) : entry;
        int slash = path.lastIndexOf('/');
        String last = path.substring(slash + 1);
        if (!last.contains("*")) {
            Path file = bundleClasses.resolve(path);
            return Files.isRegularFile(file) ? List.of(file) : List.of();
        }
        Path dir = slash < 0 ? bundleClasses : bundleClasses.resolve(path.substring(0, slash));
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> matches = Files.newDirectoryStream(dir, last)) {
            matches.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(null);
        return files;
    }

    /** The components of one descriptor that provide DeviceAdapter. */
    private static List<AdapterComponent> components(Path file, Path bundleClasses) {
        String descriptor = bundleClasses.relativize(file).toString().replace('\\', '/');
        Document document;
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            document = builder.parse(in);
        } catch (Exception e) {
            throw new IllegalArgumentException(descriptor + " is not a readable DS descriptor (" + e.getMessage()
                    + "); DS skips it, so its components are never registered. Let bnd write it from @Component", e);
        }
        List<AdapterComponent> found = new ArrayList<>();
        NodeList all = document.getElementsByTagNameNS("*", "component");
        List<Element> components = new ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            components.add((Element) all.item(i));
        }
        if (components.isEmpty() && "component".equals(document.getDocumentElement().getLocalName())) {
            components.add(document.getDocumentElement());
        }
        for (Element component : components) {
            if (!provides(component, DeviceAdapter.class.getName())) {
                continue;
            }
            String implementation = child(component, "implementation").map(e -> e.getAttribute("class")).orElse("?");
            String name = component.getAttribute("name").isEmpty() ? implementation : component.getAttribute("name");
            boolean enabled = !"false".equals(component.getAttribute("enabled").trim());
            found.add(new AdapterComponent(name, implementation, descriptor, adapterId(component, bundleClasses), enabled));
        }
        return found;
    }

    private static boolean provides(Element component, String type) {
        for (Element service : children(component, "service")) {
            for (Element provide : children(service, "provide")) {
                if (type.equals(provide.getAttribute("interface").trim())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The component's {@value DeviceAdapter#ADAPTER_ID}: a {@code property} element wins over a {@code properties} file. */
    private static String adapterId(Element component, Path bundleClasses) {
        String id = null;
        for (Element properties : children(component, "properties")) {
            Path file = bundleClasses.resolve(properties.getAttribute("entry"));
            Properties loaded = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                loaded.load(in);
            } catch (IOException e) {
                continue;
            }
            if (loaded.getProperty(DeviceAdapter.ADAPTER_ID) != null) {
                id = loaded.getProperty(DeviceAdapter.ADAPTER_ID).trim();
            }
        }
        for (Element property : children(component, "property")) {
            if (DeviceAdapter.ADAPTER_ID.equals(property.getAttribute("name"))) {
                String value = property.hasAttribute("value") ? property.getAttribute("value")
                        : property.getTextContent().strip().split("\\R", 2)[0];
                id = value.trim();
            }
        }
        return id;
    }

    private static java.util.Optional<Element> child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(found.get(0));
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName() == null ? e.getTagName() : e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }
}
