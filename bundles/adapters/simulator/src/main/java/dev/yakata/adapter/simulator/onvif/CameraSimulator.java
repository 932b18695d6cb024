package dev.yakata.adapter.simulator.onvif;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * An ONVIF camera on 127.0.0.1, for the demo building ({@link SimulatedOnvifCamera}) and the tests: device, media and event services as SOAP 1.2 over HTTP, WS-UsernameToken
 * PasswordDigest checked on every call but GetSystemDateAndTime (against the simulator's own, possibly skewed, clock),
 * a JPEG snapshot endpoint behind HTTP Digest (MD5 and SHA-256, qop=auth) or Basic, pull-point events it is told to
 * emit, and switches that make it misbehave. Its answers are checked by the npm {@code onvif} client
 * ({@code ThirdPartyOnvifClientTest}), so the adapter is tested against a camera a third-party client accepts.
 * It binds the loopback address only, never a routable one.
 */
public final class CameraSimulator implements AutoCloseable {

    /** How the SOAP services or the snapshot endpoint misbehave. */
    public enum Mode {
        /** Answers as an ONVIF camera does. */
        NORMAL,
        /** Accepts the request and never answers. */
        HANG,
        /** HTTP 200 with a body that is not XML. */
        GARBAGE,
        /** SOAP: well-formed XML that is not a SOAP envelope. */
        NOT_SOAP,
        /** SOAP: a SOAP envelope cut off in the middle of an element (malformed XML). */
        TRUNCATED,
        /** SOAP: every authenticated call answers a ter:ActionNotSupported fault. */
        SOAP_FAULT,
        /** Snapshot: HTTP 200 with an HTML page instead of a JPEG. */
        NOT_JPEG,
        /** Snapshot: a JPEG far larger than any limit (40 MB, streamed). */
        OVERSIZED,
        /** Snapshot: a 302 redirect to another host. */
        REDIRECT
    }

    public enum SnapshotAuth { DIGEST_MD5, DIGEST_SHA256, DIGEST_BOTH, BASIC, NONE }

    public static final Set<String> TOPICS = Set.of("VideoSource/MotionAlarm", "VideoSource/GlobalSceneChange/ImagingService",
            "RuleEngine/TamperDetector/Tamper");

    private static final String SOAP = "http://www.w3.org/2003/05/soap-envelope";
    private static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    private static final String NAMESPACES = "xmlns:s=\"" + SOAP + "\" xmlns:tt=\"http://www.onvif.org/ver10/schema\""
            + " xmlns:tds=\"http://www.onvif.org/ver10/device/wsdl\" xmlns:trt=\"http://www.onvif.org/ver10/media/wsdl\""
            + " xmlns:tev=\"http://www.onvif.org/ver10/events/wsdl\" xmlns:wsnt=\"http://docs.oasis-open.org/wsn/b-2\""
            + " xmlns:wstop=\"http://docs.oasis-open.org/wsn/t-1\" xmlns:wsa=\"http://www.w3.org/2005/08/addressing\""
            + " xmlns:tns1=\"http://www.onvif.org/ver10/topics\" xmlns:ter=\"http://www.onvif.org/ver10/error\"";
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "yakata-simulator-camera");
        t.setDaemon(true);
        return t;
    });
    private final String user;
    private volatile String password;
    private final byte[] jpeg;
    private final SecureRandom random = new SecureRandom();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    /** The current state of each announced property topic, sent as Initialized to every new pull point. */
    private final Map<String, Boolean> state = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Set<String> nonces = ConcurrentHashMap.newKeySet();
    private final AtomicInteger subscriptionIds = new AtomicInteger();
    private final AtomicInteger authFailures = new AtomicInteger();
    private volatile Mode soapMode = Mode.NORMAL;
    private volatile Mode snapshotMode = Mode.NORMAL;
    private volatile SnapshotAuth snapshotAuth = SnapshotAuth.DIGEST_BOTH;
    private volatile Duration clockSkew = Duration.ZERO;
    private volatile boolean withVideo = true;
    private volatile Duration maxTermination = Duration.ofHours(1);
    private volatile String snapshotHost = "127.0.0.1";
    private volatile boolean getServices = true;
    private volatile boolean soapHttpDigest;

    private static final class Subscription {
        final List<String> pending = new ArrayList<>();
        volatile Instant termination;
    }

    /** A camera on a free loopback port (the tests'). */
    public CameraSimulator(String user, String password) throws IOException {
        this(user, password, 0, 0x285AA0);
    }

    /**
     * A camera on 127.0.0.1:{@code port} (0: a free one) whose picture is mainly of colour {@code rgb}, so two
     * cameras' snapshots differ.
     */
    public CameraSimulator(String user, String password, int port, int rgb) throws IOException {
        this.user = user;
        this.password = password;
        this.jpeg = makeJpeg(rgb);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server.setExecutor(threads);
        server.createContext("/onvif/", this::soap);
        server.createContext("/snapshot.jpg", this::snapshot);
        server.start();
    }

    // ------------------------------------------------------------------ what the tests set and read

    public int port() {
        return server.getAddress().getPort();
    }

    public String deviceUrl() {
        return base() + "/onvif/device_service";
    }

    public String snapshotUrl() {
        return base() + "/snapshot.jpg";
    }

    private String base() {
        return "http://127.0.0.1:" + port();
    }

    public byte[] jpeg() {
        return jpeg.clone();
    }

    public void soapMode(Mode mode) {
        soapMode = mode;
    }

    public void snapshotMode(Mode mode) {
        snapshotMode = mode;
    }

    public void snapshotAuth(SnapshotAuth auth) {
        snapshotAuth = auth;
    }

    /** The camera's clock runs this far ahead of the real one (negative: behind); WS-Security is checked against it. */
    public void clockSkew(Duration skew) {
        clockSkew = skew;
    }

    /** The camera's password changes (the adapter's is then wrong). */
    public void password(String value) {
        password = value;
    }

    /** The longest a pull point is kept without a Renew; an expired one is gone and answers a fault. */
    public void maxTermination(Duration value) {
        maxTermination = value;
    }

    /** Queues a notification without a topic, as a broken camera might send. */
    public void emitWithoutTopic() {
        String message = "<wsnt:NotificationMessage><wsnt:Message><tt:Message UtcTime=\"" + ISO.format(now())
                + "\"><tt:Data><tt:SimpleItem Name=\"State\" Value=\"true\"/></tt:Data></tt:Message></wsnt:Message></wsnt:NotificationMessage>";
        for (Subscription s : subscriptions.values()) {
            synchronized (s) {
                s.pending.add(message);
                s.notifyAll();
            }
        }
    }

    private Instant termination(String requested) {
        Duration asked = duration(requested, Duration.ofMinutes(1));
        return now().plus(asked.compareTo(maxTermination) > 0 ? maxTermination : asked);
    }

    /** The host GetSnapshotUri names (a camera behind NAT may name its internal address). */
    public void snapshotHost(String host) {
        snapshotHost = host;
    }

    /** false: GetServices answers ActionNotSupported, as cameras older than ONVIF 2.0 do. */
    public void getServices(boolean supported) {
        getServices = supported;
    }

    /** true: the SOAP services want HTTP Digest (MD5 or SHA-256) instead of a UsernameToken, as ONVIF allows. */
    public void soapHttpDigest(boolean value) {
        soapHttpDigest = value;
    }

    public void withVideo(boolean value) {
        withVideo = value;
    }

    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    public int authFailures() {
        return authFailures.get();
    }

    /** Pull points not unsubscribed and not expired. */
    public int liveSubscriptions() {
        Instant now = now();
        return (int) subscriptions.values().stream().filter(s -> !now.isAfter(s.termination)).count();
    }

    /** Queues a notification on {@code tns1:<topic>} with one data item to every live pull point. */
    public void emit(String topic, String item, boolean value) {
        if (TOPICS.contains(topic)) {
            state.put(topic, value);
        }
        String message = notification(topic, item, value, "Changed");
        for (Subscription s : subscriptions.values()) {
            synchronized (s) {
                s.pending.add(message);
                s.notifyAll();
            }
        }
    }

    private String notification(String topic, String item, boolean value, String operation) {
        return "<wsnt:NotificationMessage><wsnt:Topic Dialect=\"http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet\">tns1:"
                + topic + "</wsnt:Topic><wsnt:Message><tt:Message UtcTime=\"" + ISO.format(now()) + "\" PropertyOperation=\"" + operation + "\">"
                + "<tt:Source><tt:SimpleItem Name=\"VideoSourceConfigurationToken\" Value=\"vsc-1\"/></tt:Source>"
                + "<tt:Data><tt:SimpleItem Name=\"" + item + "\" Value=\"" + value + "\"/></tt:Data>"
                + "</tt:Message></wsnt:Message></wsnt:NotificationMessage>";
    }

    public void emitMotion(boolean active) {
        emit("VideoSource/MotionAlarm", "State", active);
    }

    public void emitTamper(boolean active) {
        emit("VideoSource/GlobalSceneChange/ImagingService", "State", active);
    }

    private Instant now() {
        return Instant.now().plus(clockSkew);
    }

    // ------------------------------------------------------------------ SOAP

    private void soap(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] request = readAll(exchange.getRequestBody());
            if (misbehave(soapMode, exchange)) {
                return;
            }
            Document doc = parse(request);
            Element body = first(doc.getDocumentElement(), SOAP, "Body");
            Element operation = body == null ? null : firstChild(body);
            if (operation == null) {
                send(exchange, 400, fault("s:Sender", "ter:WellFormed", "no SOAP body"));
                return;
            }
            String name = operation.getLocalName();
            calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            if (!name.equals("GetSystemDateAndTime") && soapHttpDigest) {
                if (checkHttpAuth(exchange, SnapshotAuth.DIGEST_BOTH) != null) {
                    authFailures.incrementAndGet();
                    challenge(exchange, SnapshotAuth.DIGEST_BOTH);
                    return;
                }
            } else if (!name.equals("GetSystemDateAndTime")) {
                String refused = checkUsernameToken(doc);
                if (refused != null) {
                    authFailures.incrementAndGet();
                    send(exchange, 400, fault("s:Sender", "ter:NotAuthorized", "Sender not Authorized: " + refused));
                    return;
                }
                if (soapMode == Mode.SOAP_FAULT || (name.equals("GetServices") && !getServices)) {
                    send(exchange, 400, fault("s:Receiver", "ter:ActionNotSupported", "Optional Action Not Implemented"));
                    return;
                }
            }
            String path = exchange.getRequestURI().getPath();
            String answer = answer(name, operation, path);
            if (answer == null) {
                send(exchange, 400, fault("s:Receiver", "ter:ActionNotSupported", name + " is not supported at " + path));
                return;
            }
            send(exchange, 200, envelope(answer));
        } catch (Exception e) {
            // a request the simulator cannot read: answered as a camera would
            try {
                send(exchange, 400, fault("s:Sender", "ter:WellFormed", String.valueOf(e.getMessage())));
            } catch (IOException ignored) {
                // the client left
            }
        }
    }

    private String answer(String name, Element op, String path) throws InterruptedException {
        String media = base() + "/onvif/media_service";
        String events = base() + "/onvif/events_service";
        return switch (name) {
            case "GetSystemDateAndTime" -> {
                ZonedDateTime t = now().atZone(ZoneOffset.UTC);
                yield "<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType>"
                        + "<tt:DaylightSavings>false</tt:DaylightSavings><tt:TimeZone><tt:TZ>UTC0</tt:TZ></tt:TimeZone>"
                        + "<tt:UTCDateTime><tt:Time><tt:Hour>" + t.getHour() + "</tt:Hour><tt:Minute>" + t.getMinute()
                        + "</tt:Minute><tt:Second>" + t.getSecond() + "</tt:Second></tt:Time><tt:Date><tt:Year>" + t.getYear()
                        + "</tt:Year><tt:Month>" + t.getMonthValue() + "</tt:Month><tt:Day>" + t.getDayOfMonth()
                        + "</tt:Day></tt:Date></tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>";
            }
            case "GetDeviceInformation" -> "<tds:GetDeviceInformationResponse><tds:Manufacturer>Yakata</tds:Manufacturer>"
                    + "<tds:Model>Entrance Camera Simulator</tds:Model><tds:FirmwareVersion>1.0.0</tds:FirmwareVersion>"
                    + "<tds:SerialNumber>SIM-" + port() + "</tds:SerialNumber><tds:HardwareId>sim</tds:HardwareId>"
                    + "</tds:GetDeviceInformationResponse>";
            case "GetServices" -> "<tds:GetServicesResponse>"
                    + service("http://www.onvif.org/ver10/device/wsdl", deviceUrl())
                    + service("http://www.onvif.org/ver10/media/wsdl", media)
                    + service("http://www.onvif.org/ver10/events/wsdl", events)
                    + "</tds:GetServicesResponse>";
            case "GetCapabilities" -> "<tds:GetCapabilitiesResponse><tds:Capabilities>"
                    + "<tt:Device><tt:XAddr>" + deviceUrl() + "</tt:XAddr></tt:Device>"
                    + "<tt:Events><tt:XAddr>" + events + "</tt:XAddr><tt:WSSubscriptionPolicySupport>false</tt:WSSubscriptionPolicySupport>"
                    + "<tt:WSPullPointSupport>true</tt:WSPullPointSupport><tt:WSPausableSubscriptionManagerInterfaceSupport>false"
                    + "</tt:WSPausableSubscriptionManagerInterfaceSupport></tt:Events>"
                    + "<tt:Media><tt:XAddr>" + media + "</tt:XAddr><tt:StreamingCapabilities><tt:RTPMulticast>false</tt:RTPMulticast>"
                    + "<tt:RTP_TCP>true</tt:RTP_TCP><tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP></tt:StreamingCapabilities></tt:Media>"
                    + "</tds:Capabilities></tds:GetCapabilitiesResponse>";
            case "GetProfiles" -> "<trt:GetProfilesResponse>" + (withVideo ? profile() : "") + "</trt:GetProfilesResponse>";
            case "GetVideoSources" -> "<trt:GetVideoSourcesResponse>" + (withVideo
                    ? "<trt:VideoSources token=\"vs-1\"><tt:Framerate>25</tt:Framerate><tt:Resolution><tt:Width>64</tt:Width>"
                            + "<tt:Height>48</tt:Height></tt:Resolution></trt:VideoSources>" : "") + "</trt:GetVideoSourcesResponse>";
            case "GetSnapshotUri" -> "<trt:GetSnapshotUriResponse><trt:MediaUri><tt:Uri>" + snapshotUrl().replace("127.0.0.1", snapshotHost) + "</tt:Uri>"
                    + "<tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot>"
                    + "<tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetSnapshotUriResponse>";
            case "GetEventProperties" -> "<tev:GetEventPropertiesResponse>"
                    + "<tev:TopicNamespaceLocation>http://www.onvif.org/onvif/ver10/topics/topicns.xml</tev:TopicNamespaceLocation>"
                    + "<wsnt:FixedTopicSet>true</wsnt:FixedTopicSet><wstop:TopicSet>"
                    + "<tns1:VideoSource><MotionAlarm wstop:topic=\"true\"/><GlobalSceneChange><ImagingService wstop:topic=\"true\"/>"
                    + "</GlobalSceneChange></tns1:VideoSource>"
                    + "<tns1:RuleEngine><TamperDetector><Tamper wstop:topic=\"true\"/></TamperDetector></tns1:RuleEngine>"
                    + "</wstop:TopicSet></tev:GetEventPropertiesResponse>";
            case "CreatePullPointSubscription" -> {
                String sid = String.valueOf(subscriptionIds.incrementAndGet());
                Subscription s = new Subscription();
                s.termination = termination(text(op, "InitialTerminationTime"));
                // as ONVIF asks of property events: the current state of each first, marked Initialized
                for (String topic : List.of("VideoSource/MotionAlarm", "VideoSource/GlobalSceneChange/ImagingService")) {
                    s.pending.add(notification(topic, "State", state.getOrDefault(topic, false), "Initialized"));
                }
                s.pending.add(notification("RuleEngine/TamperDetector/Tamper", "IsTamper",
                        state.getOrDefault("RuleEngine/TamperDetector/Tamper", false), "Initialized"));
                subscriptions.put(sid, s);
                yield "<tev:CreatePullPointSubscriptionResponse><tev:SubscriptionReference><wsa:Address>" + base()
                        + "/onvif/pullpoint/" + sid + "</wsa:Address></tev:SubscriptionReference>"
                        + "<wsnt:CurrentTime>" + ISO.format(now()) + "</wsnt:CurrentTime><wsnt:TerminationTime>"
                        + ISO.format(s.termination) + "</wsnt:TerminationTime></tev:CreatePullPointSubscriptionResponse>";
            }
            case "PullMessages", "Renew", "Unsubscribe" -> pullPoint(name, op, path);
            default -> null;
        };
    }

    private String pullPoint(String name, Element op, String path) throws InterruptedException {
        String sid = path.startsWith("/onvif/pullpoint/") ? path.substring("/onvif/pullpoint/".length()) : "";
        Subscription s = subscriptions.get(sid);
        if (s != null && now().isAfter(s.termination)) {
            subscriptions.remove(sid); // expired: the camera forgot it
            s = null;
        }
        if (s == null) {
            return null;
        }
        switch (name) {
            case "Unsubscribe" -> {
                subscriptions.remove(sid);
                return "<wsnt:UnsubscribeResponse/>";
            }
            case "Renew" -> {
                s.termination = termination(text(op, "TerminationTime"));
                return "<wsnt:RenewResponse><wsnt:TerminationTime>" + ISO.format(s.termination) + "</wsnt:TerminationTime>"
                        + "<wsnt:CurrentTime>" + ISO.format(now()) + "</wsnt:CurrentTime></wsnt:RenewResponse>";
            }
            default -> {
                Duration wait = duration(text(op, "Timeout"), Duration.ofSeconds(10));
                int limit = Integer.parseInt(text(op, "MessageLimit").isEmpty() ? "10" : text(op, "MessageLimit"));
                long deadline = System.nanoTime() + wait.toNanos();
                List<String> out = new ArrayList<>();
                synchronized (s) {
                    while (s.pending.isEmpty() && System.nanoTime() < deadline && closing.getCount() > 0) {
                        s.wait(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
                    }
                    while (!s.pending.isEmpty() && out.size() < limit) {
                        out.add(s.pending.remove(0));
                    }
                }
                return "<tev:PullMessagesResponse><tev:CurrentTime>" + ISO.format(now()) + "</tev:CurrentTime><tev:TerminationTime>"
                        + ISO.format(s.termination) + "</tev:TerminationTime>" + String.join("", out) + "</tev:PullMessagesResponse>";
            }
        }
    }

    private static Duration duration(String text, Duration fallback) {
        try {
            return text.isEmpty() ? fallback : Duration.parse(text);
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    private static String service(String namespace, String xaddr) {
        return "<tds:Service><tds:Namespace>" + namespace + "</tds:Namespace><tds:XAddr>" + xaddr + "</tds:XAddr>"
                + "<tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version></tds:Service>";
    }

    private static String profile() {
        return "<trt:Profiles token=\"profile-1\" fixed=\"true\"><tt:Name>main</tt:Name>"
                + "<tt:VideoSourceConfiguration token=\"vsc-1\"><tt:Name>vsc-1</tt:Name><tt:UseCount>1</tt:UseCount>"
                + "<tt:SourceToken>vs-1</tt:SourceToken><tt:Bounds x=\"0\" y=\"0\" width=\"64\" height=\"48\"/></tt:VideoSourceConfiguration>"
                + "<tt:VideoEncoderConfiguration token=\"vec-1\"><tt:Name>vec-1</tt:Name><tt:UseCount>1</tt:UseCount>"
                + "<tt:Encoding>H264</tt:Encoding><tt:Resolution><tt:Width>64</tt:Width><tt:Height>48</tt:Height></tt:Resolution>"
                + "<tt:Quality>5</tt:Quality><tt:RateControl><tt:FrameRateLimit>25</tt:FrameRateLimit><tt:EncodingInterval>1</tt:EncodingInterval>"
                + "<tt:BitrateLimit>512</tt:BitrateLimit></tt:RateControl><tt:SessionTimeout>PT60S</tt:SessionTimeout></tt:VideoEncoderConfiguration>"
                + "</trt:Profiles>";
    }

    /** Null when the UsernameToken is right, else why not. */
    private String checkUsernameToken(Document doc) {
        Element token = first(doc.getDocumentElement(), WSSE, "UsernameToken");
        if (token == null) {
            return "no WS-Security UsernameToken";
        }
        String name = text(token, "Username");
        String digest = text(token, "Password");
        String nonce = text(token, "Nonce");
        String created = text(token, "Created");
        if (!user.equals(name)) {
            return "unknown user";
        }
        Instant at;
        try {
            at = Instant.parse(created);
        } catch (RuntimeException e) {
            return "Created is not a time";
        }
        if (Duration.between(at, now()).abs().compareTo(Duration.ofMinutes(5)) > 0) {
            return "Created " + created + " is more than 5 minutes from the camera's clock " + ISO.format(now());
        }
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(Base64.getDecoder().decode(nonce));
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(password.getBytes(StandardCharsets.UTF_8));
            String expected = Base64.getEncoder().encodeToString(sha1.digest());
            return expected.equals(digest) ? null : "password digest does not match";
        } catch (Exception e) {
            return "unreadable token: " + e.getMessage();
        }
    }

    private static String envelope(String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><s:Envelope " + NAMESPACES + "><s:Body>" + body + "</s:Body></s:Envelope>";
    }

    private static String fault(String code, String subcode, String reason) {
        return envelope("<s:Fault><s:Code><s:Value>" + code + "</s:Value><s:Subcode><s:Value>" + subcode
                + "</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang=\"en\">" + reason.replace("&", "&amp;").replace("<", "&lt;")
                + "</s:Text></s:Reason></s:Fault>").replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "");
    }

    // ------------------------------------------------------------------ snapshot

    private void snapshot(HttpExchange exchange) throws IOException {
        try (exchange) {
            readAll(exchange.getRequestBody());
            calls.computeIfAbsent("snapshot", k -> new AtomicInteger()).incrementAndGet();
            String refused = checkHttpAuth(exchange, snapshotAuth);
            if (refused != null) {
                authFailures.incrementAndGet();
                challenge(exchange, snapshotAuth);
                return;
            }
            Mode mode = snapshotMode;
            if (mode == Mode.REDIRECT) {
                exchange.getResponseHeaders().add("Location", "http://192.0.2.10/snapshot.jpg");
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            if (mode == Mode.NOT_JPEG) {
                exchange.getResponseHeaders().add("Content-Type", "text/html");
                byte[] html = "<html><body>Camera login</body></html>".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, html.length);
                exchange.getResponseBody().write(html);
                return;
            }
            if (mode == Mode.OVERSIZED) {
                exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
                exchange.sendResponseHeaders(200, 0); // chunked: the size is not announced
                byte[] chunk = new byte[64 * 1024];
                chunk[0] = (byte) 0xFF;
                chunk[1] = (byte) 0xD8;
                try {
                    for (int i = 0; i < 640 && closing.getCount() > 0; i++) {
                        exchange.getResponseBody().write(chunk);
                        chunk[0] = 0;
                        chunk[1] = 0;
                    }
                } catch (IOException clientLeft) {
                    // the adapter stopped reading at its limit, as it should
                }
                return;
            }
            if (misbehave(mode, exchange)) {
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(200, jpeg.length);
            exchange.getResponseBody().write(jpeg);
        }
    }

    private void challenge(HttpExchange exchange, SnapshotAuth snapshotAuth) throws IOException {
        String nonce = HexFormat.of().formatHex(bytes(16));
        nonces.add(nonce);
        var h = exchange.getResponseHeaders();
        switch (snapshotAuth) {
            case BASIC -> h.add("WWW-Authenticate", "Basic realm=\"camera\"");
            case DIGEST_MD5 -> h.add("WWW-Authenticate", digestChallenge(nonce, "MD5"));
            case DIGEST_SHA256 -> h.add("WWW-Authenticate", digestChallenge(nonce, "SHA-256"));
            case DIGEST_BOTH -> {
                h.add("WWW-Authenticate", digestChallenge(nonce, "SHA-256"));
                h.add("WWW-Authenticate", digestChallenge(nonce, "MD5"));
            }
            case NONE -> { }
        }
        exchange.sendResponseHeaders(401, -1);
    }

    private static String digestChallenge(String nonce, String algorithm) {
        return "Digest realm=\"camera@sim\", qop=\"auth\", algorithm=" + algorithm + ", nonce=\"" + nonce
                + "\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
    }

    private String checkHttpAuth(HttpExchange exchange, SnapshotAuth snapshotAuth) {
        if (snapshotAuth == SnapshotAuth.NONE) {
            return null;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null) {
            return "no Authorization";
        }
        if (snapshotAuth == SnapshotAuth.BASIC) {
            String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return expected.equals(header) ? null : "wrong basic credentials";
        }
        if (!header.startsWith("Digest ")) {
            return "not digest";
        }
        Map<String, String> p = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))").matcher(header.substring(7));
        while (m.find()) {
            p.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2) != null ? m.group(2) : m.group(3));
        }
        String algorithm = p.getOrDefault("algorithm", "MD5");
        boolean allowed = switch (snapshotAuth) {
            case DIGEST_MD5 -> algorithm.equals("MD5");
            case DIGEST_SHA256 -> algorithm.equals("SHA-256");
            default -> algorithm.equals("MD5") || algorithm.equals("SHA-256");
        };
        if (!allowed || !nonces.contains(p.get("nonce")) || !"auth".equals(p.get("qop")) || !user.equals(p.get("username"))
                || !exchange.getRequestURI().toString().equals(p.get("uri"))) {
            return "digest parameters";
        }
        String ha1 = hash(algorithm, user + ":camera@sim:" + password);
        String ha2 = hash(algorithm, exchange.getRequestMethod() + ":" + p.get("uri"));
        String expected = hash(algorithm, ha1 + ":" + p.get("nonce") + ":" + p.get("nc") + ":" + p.get("cnonce") + ":auth:" + ha2);
        return expected.equals(p.get("response")) ? null : "digest response";
    }

    private static String hash(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Applies HANG or GARBAGE (and NOT_SOAP for SOAP); true when the exchange was answered that way. */
    private boolean misbehave(Mode mode, HttpExchange exchange) throws IOException {
        switch (mode) {
            case HANG -> {
                try {
                    closing.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return true;
            }
            case GARBAGE -> {
                byte[] garbage = "\u0000\u0013HTTP garbage }{ not xml at all %%%".getBytes(StandardCharsets.ISO_8859_1);
                exchange.sendResponseHeaders(200, garbage.length);
                exchange.getResponseBody().write(garbage);
                return true;
            }
            case NOT_SOAP -> {
                send(exchange, 200, "<?xml version=\"1.0\"?><html><body>Welcome to the camera</body></html>");
                return true;
            }
            case TRUNCATED -> {
                send(exchange, 200, envelope("<tds:GetDeviceInformationResponse><tds:Manufacturer>Yak").substring(0, 300));
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/soap+xml; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readNBytes(1 << 20);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static Document parse(byte[] body) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
    }

    private static Element first(Element from, String ns, String local) {
        var list = from.getElementsByTagNameNS(ns, local);
        return list.getLength() == 0 ? null : (Element) list.item(0);
    }

    private static Element firstChild(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element from, String local) {
        var list = from.getElementsByTagNameNS("*", local);
        return list.getLength() == 0 ? "" : list.item(0).getTextContent().trim();
    }

    /** A 64x48 picture of a door (a light rectangle) on {@code rgb}, drawn pixel by pixel: no AWT graphics. */
    private static byte[] makeJpeg(int rgb) throws IOException {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                boolean door = x >= 8 && x < 28 && y >= 16 && y < 28;
                image.setRGB(x, y, door ? 0xFFFFFF : rgb);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "jpg", out)) {
            throw new IOException("this JVM has no JPEG writer (javax.imageio)");
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
