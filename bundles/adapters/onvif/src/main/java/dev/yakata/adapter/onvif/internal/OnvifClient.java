package dev.yakata.adapter.onvif.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * An ONVIF client for what an entrance camera needs: the device service (time, information, services), the media
 * service (profiles, snapshot URI) and the event service's pull point. SOAP 1.2 over {@link BoundedHttp}; every call
 * carries a WS-UsernameToken with a PasswordDigest whose Created time is on the camera's clock (the offset measured by
 * {@link #systemDateAndTime()}), so a camera whose clock is off still accepts it.
 * Every failure is a {@link CameraException} whose sentence names the camera, its address and the call.
 */
final class OnvifClient {

    record DeviceInfo(String manufacturer, String model, String firmware, String serial, String hardwareId) {
        String describe() {
            return (manufacturer + " " + model).trim() + (firmware.isEmpty() ? "" : ", firmware " + firmware)
                    + (serial.isEmpty() ? "" : ", serial " + serial);
        }
    }

    record Services(Optional<URI> media, Optional<URI> events) {
    }

    record MediaProfile(String token, String name, String videoSourceToken, boolean hasVideoEncoder) {
    }

    /** A pull point; {@code granted} is how long the camera keeps it (its TerminationTime minus its CurrentTime). */
    record Subscription(URI address, Optional<Duration> granted) {
    }

    /** One notification: its topic (prefix-free path, e.g. {@code VideoSource/MotionAlarm}), items and operation. */
    record Notification(String topic, String topicNamespace, Map<String, String> source, Map<String, String> data,
            String operation) {
    }

    /** What one PullMessages brought: the readable notifications, how many were unreadable, and the time left. */
    record Pulled(List<Notification> messages, int unreadable, Optional<Duration> granted) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final BoundedHttp http;
    private final URI deviceUrl;
    private final String user;
    private final String password;
    private final Duration timeout;
    private final int maxBytes;
    private final String camera;
    private volatile Duration clockOffset = Duration.ZERO;

    OnvifClient(BoundedHttp http, URI deviceUrl, String user, String password, Duration timeout, int maxBytes, String camera) {
        this.http = http;
        this.deviceUrl = deviceUrl;
        this.user = user;
        this.password = password;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.camera = camera;
    }

    /** The camera's clock minus the hub's, as last measured. */
    Duration clockOffset() {
        return clockOffset;
    }

    URI deviceUrl() {
        return deviceUrl;
    }

    /**
     * GetSystemDateAndTime, sent without credentials as the ONVIF core specification allows; measures the clock
     * offset used for every later Created time. Completes with the offset (the camera's clock minus the hub's).
     */
    CompletableFuture<Duration> systemDateAndTime() {
        Instant sent = Instant.now();
        return call(deviceUrl, Xml.TDS, "GetSystemDateAndTime", "<tds:GetSystemDateAndTime/>", false, timeout)
                .thenApply(doc -> {
                    Instant received = Instant.now();
                    Element response = response(doc, Xml.TDS, "GetSystemDateAndTimeResponse");
                    Element utc = Xml.first(response, Xml.TT, "UTCDateTime").orElseThrow(() -> malformed(
                            "GetSystemDateAndTime", "no UTCDateTime (a camera must report its UTC time)"));
                    Instant cameraTime;
                    try {
                        Element date = Xml.first(utc, Xml.TT, "Date").orElseThrow();
                        Element time = Xml.first(utc, Xml.TT, "Time").orElseThrow();
                        cameraTime = ZonedDateTime.of(num(date, "Year"), num(date, "Month"), num(date, "Day"),
                                num(time, "Hour"), num(time, "Minute"), num(time, "Second"), 0, ZoneOffset.UTC).toInstant();
                    } catch (RuntimeException e) {
                        throw malformed("GetSystemDateAndTime", "a UTCDateTime that is not a date and time (" + e.getMessage() + ")");
                    }
                    Instant middle = sent.plus(Duration.between(sent, received).dividedBy(2));
                    // the camera reports whole seconds: round the offset to whole seconds too
                    Duration offset = Duration.ofSeconds(Math.round(Duration.between(middle, cameraTime).toMillis() / 1000.0));
                    clockOffset = offset;
                    return offset;
                });
    }

    private static int num(Element parent, String name) {
        String text = Xml.text(parent, Xml.TT, name);
        return Integer.parseInt(text);
    }

    CompletableFuture<DeviceInfo> deviceInformation() {
        return call(deviceUrl, Xml.TDS, "GetDeviceInformation", "<tds:GetDeviceInformation/>", true, timeout)
                .thenApply(doc -> {
                    Element r = response(doc, Xml.TDS, "GetDeviceInformationResponse");
                    return new DeviceInfo(Xml.text(r, Xml.TDS, "Manufacturer"), Xml.text(r, Xml.TDS, "Model"),
                            Xml.text(r, Xml.TDS, "FirmwareVersion"), Xml.text(r, Xml.TDS, "SerialNumber"),
                            Xml.text(r, Xml.TDS, "HardwareId"));
                });
    }

    /** GetServices; a camera that faults on it (older than ONVIF 2.0) is asked GetCapabilities instead. */
    CompletableFuture<Services> services() {
        return call(deviceUrl, Xml.TDS, "GetServices", "<tds:GetServices><tds:IncludeCapability>false</tds:IncludeCapability></tds:GetServices>",
                true, timeout)
                .thenApply(doc -> {
                    Element r = response(doc, Xml.TDS, "GetServicesResponse");
                    Map<String, URI> byNamespace = new LinkedHashMap<>();
                    for (Element service : Xml.all(r, Xml.TDS, "Service")) {
                        String ns = Xml.text(service, Xml.TDS, "Namespace");
                        String xaddr = Xml.text(service, Xml.TDS, "XAddr");
                        if (!ns.isEmpty() && !xaddr.isEmpty()) {
                            byNamespace.putIfAbsent(ns, xaddr("GetServices", xaddr));
                        }
                    }
                    return new Services(Optional.ofNullable(byNamespace.get(Xml.TRT)), Optional.ofNullable(byNamespace.get(Xml.TEV)));
                })
                .exceptionallyCompose(failure -> {
                    Throwable t = BoundedHttp.unwrap(failure);
                    if (t instanceof CameraException c && c.kind() == CameraException.Kind.REFUSED) {
                        return capabilities();
                    }
                    return CompletableFuture.failedFuture(t);
                });
    }

    private CompletableFuture<Services> capabilities() {
        return call(deviceUrl, Xml.TDS, "GetCapabilities", "<tds:GetCapabilities><tds:Category>All</tds:Category></tds:GetCapabilities>",
                true, timeout)
                .thenApply(doc -> {
                    Element r = response(doc, Xml.TDS, "GetCapabilitiesResponse");
                    Optional<URI> media = Xml.first(r, Xml.TT, "Media").map(e -> Xml.text(e, Xml.TT, "XAddr"))
                            .filter(s -> !s.isEmpty()).map(s -> xaddr("GetCapabilities", s));
                    Optional<URI> events = Xml.first(r, Xml.TT, "Events").map(e -> Xml.text(e, Xml.TT, "XAddr"))
                            .filter(s -> !s.isEmpty()).map(s -> xaddr("GetCapabilities", s));
                    return new Services(media, events);
                });
    }

    CompletableFuture<List<MediaProfile>> profiles(URI media) {
        return call(media, Xml.TRT, "GetProfiles", "<trt:GetProfiles/>", true, timeout).thenApply(doc -> {
            Element r = response(doc, Xml.TRT, "GetProfilesResponse");
            List<MediaProfile> out = new ArrayList<>();
            for (Element p : Xml.children(r)) {
                if (!p.getLocalName().equals("Profiles")) {
                    continue;
                }
                String source = Xml.first(p, Xml.TT, "VideoSourceConfiguration").map(e -> Xml.text(e, Xml.TT, "SourceToken")).orElse("");
                out.add(new MediaProfile(p.getAttribute("token"), Xml.text(p, Xml.TT, "Name"), source,
                        Xml.first(p, Xml.TT, "VideoEncoderConfiguration").isPresent()));
            }
            return out;
        });
    }

    CompletableFuture<URI> snapshotUri(URI media, String profileToken) {
        return call(media, Xml.TRT, "GetSnapshotUri", "<trt:GetSnapshotUri><trt:ProfileToken>" + Xml.escape(profileToken)
                + "</trt:ProfileToken></trt:GetSnapshotUri>", true, timeout).thenApply(doc -> {
                    Element r = response(doc, Xml.TRT, "GetSnapshotUriResponse");
                    String uri = Xml.text(r, Xml.TT, "Uri");
                    if (uri.isEmpty()) {
                        throw malformed("GetSnapshotUri", "no MediaUri/Uri");
                    }
                    return xaddr("GetSnapshotUri", uri);
                });
    }

    /** GetEventProperties: the topics the camera announces, as prefix-free paths ({@code VideoSource/MotionAlarm}). */
    CompletableFuture<Set<String>> eventTopics(URI events) {
        return call(events, Xml.TEV, "GetEventProperties", "<tev:GetEventProperties/>", true, timeout).thenApply(doc -> {
            Element r = response(doc, Xml.TEV, "GetEventPropertiesResponse");
            Element set = Xml.first(r, Xml.WSTOP, "TopicSet").orElseThrow(() -> malformed("GetEventProperties", "no TopicSet"));
            Set<String> topics = new LinkedHashSet<>();
            collectTopics(set, "", topics);
            return topics;
        });
    }

    private static void collectTopics(Element node, String path, Set<String> out) {
        for (Element child : Xml.children(node)) {
            if (Xml.TT.equals(child.getNamespaceURI()) && child.getLocalName().equals("MessageDescription")) {
                continue;
            }
            String here = path.isEmpty() ? child.getLocalName() : path + "/" + child.getLocalName();
            if ("true".equals(child.getAttributeNS(Xml.WSTOP, "topic"))) {
                out.add(here);
            }
            collectTopics(child, here, out);
        }
    }

    CompletableFuture<Subscription> createPullPoint(URI events, Duration termination) {
        return call(events, Xml.TEV, "CreatePullPointSubscription", "<tev:CreatePullPointSubscription><tev:InitialTerminationTime>"
                + iso(termination) + "</tev:InitialTerminationTime></tev:CreatePullPointSubscription>", true, timeout)
                .thenApply(doc -> {
                    Element r = response(doc, Xml.TEV, "CreatePullPointSubscriptionResponse");
                    Element ref = Xml.first(r, Xml.TEV, "SubscriptionReference")
                            .orElseThrow(() -> malformed("CreatePullPointSubscription", "no SubscriptionReference"));
                    String address = Xml.text(ref, Xml.WSA, "Address");
                    if (address.isEmpty()) {
                        throw malformed("CreatePullPointSubscription", "no SubscriptionReference/Address");
                    }
                    return new Subscription(xaddr("CreatePullPointSubscription", address),
                            granted(Xml.text(r, Xml.WSNT, "CurrentTime"), Xml.text(r, Xml.WSNT, "TerminationTime")));
                });
    }

    /** PullMessages: waits at most {@code wait} on the camera for up to {@code limit} messages. */
    CompletableFuture<Pulled> pull(URI pullPoint, Duration wait, int limit) {
        return call(pullPoint, Xml.TEV, "PullMessages", "<tev:PullMessages><tev:Timeout>" + iso(wait) + "</tev:Timeout><tev:MessageLimit>"
                + limit + "</tev:MessageLimit></tev:PullMessages>", true, timeout.plus(wait)).thenApply(doc -> {
                    Element r = response(doc, Xml.TEV, "PullMessagesResponse");
                    List<Notification> out = new ArrayList<>();
                    int unreadable = 0;
                    for (Element message : Xml.all(r, Xml.WSNT, "NotificationMessage")) {
                        Optional<Notification> n = notification(message);
                        if (n.isPresent()) {
                            out.add(n.get());
                        } else {
                            unreadable++;
                        }
                    }
                    return new Pulled(out, unreadable, granted(Xml.text(r, Xml.TEV, "CurrentTime"), Xml.text(r, Xml.TEV, "TerminationTime")));
                });
    }

    CompletableFuture<Optional<Duration>> renew(URI pullPoint, Duration termination) {
        return call(pullPoint, Xml.WSNT, "Renew", "<wsnt:Renew><wsnt:TerminationTime>" + iso(termination)
                + "</wsnt:TerminationTime></wsnt:Renew>", true, timeout)
                .thenApply(doc -> {
                    Element r = response(doc, Xml.WSNT, "RenewResponse");
                    return granted(Xml.text(r, Xml.WSNT, "CurrentTime"), Xml.text(r, Xml.WSNT, "TerminationTime"));
                });
    }

    /** TerminationTime minus CurrentTime, both on the camera's clock (CurrentTime missing: the measured offset). */
    private Optional<Duration> granted(String current, String termination) {
        Optional<Instant> end = time(termination);
        if (end.isEmpty()) {
            return Optional.empty();
        }
        Instant now = time(current).orElse(Instant.now().plus(clockOffset));
        Duration left = Duration.between(now, end.get());
        return left.isNegative() ? Optional.of(Duration.ZERO) : Optional.of(left);
    }

    CompletableFuture<Void> unsubscribe(URI pullPoint) {
        return call(pullPoint, Xml.WSNT, "Unsubscribe", "<wsnt:Unsubscribe/>", true, timeout).thenApply(doc -> null);
    }

    /** One notification, or empty when it has no topic or no tt:Message (counted by the caller, never fatal). */
    private Optional<Notification> notification(Element message) {
        Optional<Element> topic = Xml.first(message, Xml.WSNT, "Topic");
        Optional<Element> inner = Xml.first(message, Xml.TT, "Message");
        if (topic.isEmpty() || inner.isEmpty()) {
            return Optional.empty();
        }
        Element topicElement = topic.get();
        String raw = topicElement.getTextContent().trim();
        String namespace = "";
        String path = raw;
        int colon = raw.indexOf(':');
        if (colon > 0 && raw.indexOf('/') > colon) {
            String prefix = raw.substring(0, colon);
            String uri = topicElement.lookupNamespaceURI(prefix);
            namespace = uri == null ? "" : uri;
            path = raw.substring(colon + 1);
        }
        Map<String, String> source = items(inner.get(), "Source");
        Map<String, String> data = items(inner.get(), "Data");
        return Optional.of(new Notification(path, namespace, source, data, inner.get().getAttribute("PropertyOperation")));
    }

    private static Map<String, String> items(Element message, String group) {
        Map<String, String> out = new LinkedHashMap<>();
        Xml.first(message, Xml.TT, group).ifPresent(g -> {
            for (Element item : Xml.all(g, Xml.TT, "SimpleItem")) {
                out.put(item.getAttribute("Name"), item.getAttribute("Value"));
            }
        });
        return out;
    }

    private Optional<Instant> time(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (RuntimeException e) {
            try {
                return Optional.of(ZonedDateTime.parse(text).toInstant());
            } catch (RuntimeException e2) {
                return Optional.empty();
            }
        }
    }

    private static String iso(Duration d) {
        return "PT" + Math.max(1, d.toSeconds()) + "S";
    }

    private URI xaddr(String operation, String text) {
        try {
            URI uri = URI.create(text.trim());
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                throw new IllegalArgumentException("not http or https");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw malformed(operation, "an address that is not an http URL: '" + abbreviate(text) + "'");
        }
    }

    private CompletionException malformed(String operation, String what) {
        return new CompletionException(new CameraException(CameraException.Kind.MALFORMED, "camera " + camera + " at "
                + deviceUrl + " answered " + operation + " with " + what));
    }

    private Element response(Document doc, String ns, String local) {
        Element body = Xml.first(doc, doc.getDocumentElement().getNamespaceURI(), "Body").orElseThrow();
        return Xml.children(body).stream().filter(e -> ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName()))
                .findFirst().orElseThrow(() -> malformed(local.replace("Response", ""), "no " + local + " in the SOAP body"));
    }

    /** Sends one SOAP 1.2 request and completes with its parsed envelope, or a {@link CameraException}. */
    private CompletableFuture<Document> call(URI to, String ns, String operation, String bodyXml, boolean authenticate, Duration limit) {
        String action = ns + "/" + operation;
        if (ns.equals(Xml.TEV)) {
            action = Xml.TEV + "/" + (operation.equals("PullMessages") ? "PullPointSubscription/PullMessagesRequest"
                    : operation.equals("CreatePullPointSubscription") ? "EventPortType/CreatePullPointSubscriptionRequest"
                    : "EventPortType/" + operation + "Request");
        } else if (ns.equals(Xml.WSNT)) {
            action = Xml.WSNT + "/" + (operation.equals("Renew") ? "SubscriptionManager/RenewRequest" : "SubscriptionManager/UnsubscribeRequest");
        }
        String envelope = envelope(to, action, bodyXml, authenticate);
        byte[] bytes = envelope.getBytes(StandardCharsets.UTF_8);
        String what = "camera " + camera + " (" + operation + ")";
        return http.exchange(to, bytes, "application/soap+xml; charset=utf-8; action=\"" + action + "\"", limit, maxBytes, what)
                .thenApply(response -> parse(response, to, operation));
    }

    private Document parse(BoundedHttp.Response response, URI to, String operation) {
        String prefix = "camera " + camera + " at " + to + " answered " + operation;
        if (response.body().length == 0) {
            throw new CompletionException(new CameraException(CameraException.Kind.MALFORMED, prefix + " with HTTP "
                    + response.status() + " and an empty body"));
        }
        Document doc;
        try {
            doc = Xml.parse(response.body(), prefix);
        } catch (CameraException e) {
            throw new CompletionException(new CameraException(CameraException.Kind.MALFORMED, e.getMessage()
                    + "; the body starts '" + abbreviate(new String(response.body(), 0, Math.min(60, response.body().length),
                    StandardCharsets.UTF_8)) + "'"));
        }
        Element root = doc.getDocumentElement();
        String rootNs = root.getNamespaceURI();
        if (!"Envelope".equals(root.getLocalName()) || !(Xml.SOAP12.equals(rootNs) || Xml.SOAP11.equals(rootNs))) {
            throw new CompletionException(new CameraException(CameraException.Kind.MALFORMED, prefix
                    + " with XML that is not a SOAP envelope (root element " + root.getTagName() + ")"));
        }
        Element body = Xml.first(doc, rootNs, "Body").orElseThrow(() -> new CompletionException(new CameraException(
                CameraException.Kind.MALFORMED, prefix + " with a SOAP envelope without a Body")));
        Optional<Element> fault = Xml.children(body).stream().filter(e -> "Fault".equals(e.getLocalName()) && rootNs.equals(e.getNamespaceURI())).findFirst();
        if (fault.isPresent()) {
            throw new CompletionException(fault(fault.get(), rootNs, to, operation));
        }
        if (response.status() != 200) {
            throw new CompletionException(new CameraException(CameraException.Kind.REFUSED, prefix + " with HTTP "
                    + response.status() + " and no SOAP fault"));
        }
        return doc;
    }

    private CameraException fault(Element fault, String soapNs, URI to, String operation) {
        List<String> codes = new ArrayList<>();
        String reason;
        if (Xml.SOAP12.equals(soapNs)) {
            for (Element value : Xml.all(fault, Xml.SOAP12, "Value")) {
                codes.add(value.getTextContent().trim());
            }
            reason = Xml.text(fault, Xml.SOAP12, "Text");
        } else {
            codes.add(Xml.first(fault, "*", "faultcode").map(e -> e.getTextContent().trim()).orElse(""));
            reason = Xml.first(fault, "*", "faultstring").map(e -> e.getTextContent().trim()).orElse("");
        }
        String code = codes.isEmpty() ? "" : codes.get(codes.size() - 1);
        boolean notAuthorized = codes.stream().anyMatch(c -> c.endsWith(":NotAuthorized") || c.equals("NotAuthorized")
                || c.endsWith(":FailedAuthentication")) || reason.toLowerCase().contains("not authorized");
        String said = code + (reason.isEmpty() ? "" : " \"" + abbreviate(reason) + "\"");
        if (notAuthorized) {
            return new CameraException(CameraException.Kind.NOT_AUTHORIZED, "wrong user or password for camera " + camera
                    + " at " + to + " (it answered " + operation + " with " + said + "); check camera.user and camera.password"
                    + (user.isEmpty() ? " (none is set)" : ""));
        }
        return new CameraException(CameraException.Kind.REFUSED, "camera " + camera + " at " + to + " refused " + operation
                + ": " + said);
    }

    private String envelope(URI to, String action, String bodyXml, boolean authenticate) {
        StringBuilder s = new StringBuilder(1024);
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .append("<s:Envelope xmlns:s=\"").append(Xml.SOAP12).append("\" xmlns:a=\"").append(Xml.WSA)
                .append("\" xmlns:tds=\"").append(Xml.TDS).append("\" xmlns:trt=\"").append(Xml.TRT)
                .append("\" xmlns:tev=\"").append(Xml.TEV).append("\" xmlns:wsnt=\"").append(Xml.WSNT)
                .append("\" xmlns:tt=\"").append(Xml.TT).append("\"><s:Header>")
                .append("<a:Action s:mustUnderstand=\"1\">").append(Xml.escape(action)).append("</a:Action>")
                .append("<a:To s:mustUnderstand=\"1\">").append(Xml.escape(to.toString())).append("</a:To>");
        if (authenticate && !user.isEmpty()) {
            s.append(usernameToken(Instant.now().plus(clockOffset)));
        }
        s.append("</s:Header><s:Body>").append(bodyXml).append("</s:Body></s:Envelope>");
        return s.toString();
    }

    /** A WS-Security UsernameToken with PasswordDigest = Base64(SHA-1(nonce + created + password)). */
    String usernameToken(Instant created) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String createdText = CREATED.format(created.truncatedTo(ChronoUnit.MILLIS));
        return "<wsse:Security s:mustUnderstand=\"1\" xmlns:wsse=\"" + Xml.WSSE + "\" xmlns:wsu=\"" + Xml.WSU + "\">"
                + "<wsse:UsernameToken><wsse:Username>" + Xml.escape(user) + "</wsse:Username>"
                + "<wsse:Password Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest\">"
                + passwordDigest(nonce, createdText, password) + "</wsse:Password>"
                + "<wsse:Nonce EncodingType=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary\">"
                + Base64.getEncoder().encodeToString(nonce) + "</wsse:Nonce>"
                + "<wsu:Created>" + createdText + "</wsu:Created></wsse:UsernameToken></wsse:Security>";
    }

    static String passwordDigest(byte[] nonce, String created, String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(nonce);
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }

    static String abbreviate(String text) {
        String clean = text.replaceAll("[\\p{Cntrl}]", " ").strip();
        return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
    }
}
