package dev.yakata.console.api;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.command.OutcomeStatus;
import dev.yakata.api.device.PointValue;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import dev.yakata.bus.api.EventBus;
import dev.yakata.core.api.CommandCheck;
import dev.yakata.core.api.DeviceInfo;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.core.api.Issuers;
import dev.yakata.eventjson.EventJson;
import dev.yakata.store.api.EventQuery;
import dev.yakata.store.api.EventStore;
import dev.yakata.store.api.HistoryQuery;
import dev.yakata.store.api.HistorySample;
import dev.yakata.store.api.Page;
import dev.yakata.store.api.StoredEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import javax.servlet.Servlet;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's REST API: one servlet on the HTTP whiteboard at {@code /api/*} with a small router (docs/console-api.md).
 * Every command is a {@link Command} submitted to the {@link DeviceRegistry} with the session's issuer (channel REST),
 * so the one command policy decides and the audit trail records it.
 */
@Component(service = Servlet.class, configurationPid = "dev.yakata.console", property = {
        "osgi.http.whiteboard.servlet.pattern=/api/*",
        "osgi.http.whiteboard.servlet.name=yakata-console-api"})
@Designate(ocd = ConsoleApiServlet.Config.class)
public final class ConsoleApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApiServlet.class);

    static final String COOKIE = "YAKATA_SESSION";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String SOURCE = "console";
    static final String OPENAPI = "openapi.json";
    private static final Pattern FLOOR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");

    @ObjectClassDefinition(name = "Yakata console REST API")
    public @interface Config {
        @AttributeDefinition(description = "A session ends after this many seconds without a request")
        long sessionIdleSeconds() default 900;

        @AttributeDefinition(description = "Largest request body accepted, in bytes")
        int maxBodyBytes() default 65536;

        @AttributeDefinition(description = "Failed log-ins per user or per address within loginWindowSeconds before a lockout")
        int loginFailures() default 5;

        long loginWindowSeconds() default 300;

        long lockoutSeconds() default 300;

        @AttributeDefinition(description = "Seconds to wait for a command's outcome")
        long commandSeconds() default 30;

        @AttributeDefinition(description = "The floor maps' folder; empty means ${karaf.etc}/console/floors")
        String floorsDir() default "";
    }

    private final transient DeviceRegistry registry;
    private transient volatile EventStore store;
    private transient volatile EventBus bus;
    private final transient Sessions sessions;
    private transient LoginThrottle throttle;
    private transient Config config;
    private transient Path floors;

    @Activate
    public ConsoleApiServlet(@Reference DeviceRegistry registry, @Reference ConsoleSessions consoleSessions) {
        this.registry = registry;
        this.sessions = consoleSessions.sessions(); // shared with the live-event stream (ConsoleStreamServlet)
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindStore(EventStore value) { store = value; }
    void unbindStore(EventStore value) { if (store == value) store = null; }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindBus(EventBus value) { bus = value; }
    void unbindBus(EventBus value) { if (bus == value) bus = null; }

    @Activate
    void activate(Config cfg) {
        config = cfg;
        throttle = new LoginThrottle(cfg.loginFailures(), Duration.ofSeconds(cfg.loginWindowSeconds()),
                Duration.ofSeconds(cfg.lockoutSeconds()));
        floors = cfg.floorsDir().isBlank()
                ? Paths.get(System.getProperty("karaf.etc", "etc"), "console", "floors")
                : Paths.get(cfg.floorsDir());
    }

    // ---------------------------------------------------------------------------------------------- dispatch

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        try {
            route(req, resp, req.getMethod(), segments(path));
        } catch (ApiException e) {
            if (e.retryAfterSeconds > 0) {
                resp.setHeader("Retry-After", Long.toString(e.retryAfterSeconds));
            }
            if (e.status == 405) {
                resp.setHeader("Allow", e.getMessage().replaceAll(".*allows ([A-Z, ]+).*", "$1"));
            }
            error(resp, e.status, e.code, e.getMessage());
        } catch (IllegalStateException e) {
            // a service that is there but not ready (the store migrating its schema at start, a database outage)
            resp.setHeader("Retry-After", "5");
            error(resp, 503, "unavailable", req.getMethod() + " /api" + path + ": " + e.getMessage()
                    + "; try again in a few seconds");
        } catch (RuntimeException e) {
            LOG.warn("console API {} {} failed", req.getMethod(), path, e);
            error(resp, 500, "internal", req.getMethod() + " /api" + path + " failed inside the hub (" + e
                    + "); the hub's log has the details");
        }
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private void route(HttpServletRequest req, HttpServletResponse resp, String method, List<String> p)
            throws ApiException, IOException {
        String where = "/api/" + String.join("/", p);
        if (p.size() == 1 && p.get(0).equals("session")) {
            switch (method) {
                case "POST" -> login(req, resp);
                case "GET" -> json(resp, 200, sessionJson(session(req)));
                case "DELETE" -> {
                    Sessions.Session s = session(req);
                    csrf(req, s);
                    sessions.end(s.id);
                    resp.addHeader("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (req.isSecure() ? "; Secure" : ""));
                    resp.setStatus(204);
                }
                default -> throw notAllowed(method, where, "GET, POST, DELETE");
            }
            return;
        }
        if (p.size() == 1 && p.get(0).equals(OPENAPI)) {
            if (!method.equals("GET")) {
                throw notAllowed(method, where, "GET");
            }
            write(resp, 200, "application/json;charset=UTF-8", openApiDocument()); // no session: it holds no data
            return;
        }
        Route r = Route.match(method, p);
        if (r == null) {
            throw new ApiException(404, "not-found", "no API route " + where + "; docs/console-api.md lists them");
        }
        if (!r.method.equals(method)) {
            throw notAllowed(method, where, r.method);
        }
        Sessions.Session s = session(req);
        if (!method.equals("GET")) {
            csrf(req, s);
        }
        Map<String, Object> body = method.equals("POST") ? body(req, where) : Map.of();
        Issuer who = s.issuer;
        switch (r.name) {
            // ?points=true: each device with its points, so a floor map draws every symbol from one request
            case "devices" -> json(resp, 200, Map.of("devices", registry.devices().stream()
                    .map(d -> device(d, "true".equals(req.getParameter("points")))).toList()));
            case "device" -> json(resp, 200, device(knownDevice(p.get(1)), true));
            case "command" -> {
                knownDevice(p.get(1));
                Object action = body.get("action");
                if (!(action instanceof String a) || a.isBlank()) {
                    throw new ApiException(400, "bad-request", "POST " + where + ": the body has no \"action\"; send "
                            + "{\"action\": \"<action>\", \"args\": {...}, \"reason\": \"...\"}");
                }
                Map<String, Object> args = map(body.get("args"), "args", where);
                Command.Builder c = Command.builder(p.get(1), a).arguments(args);
                if (a.equals(Command.WRITE) && args.get("point") instanceof String point) {
                    Map<String, Object> rest = new LinkedHashMap<>(args);
                    rest.remove("point");
                    c = Command.builder(p.get(1), a).point(point).arguments(rest);
                }
                json(resp, 200, submit(c.issuer(who).reason(text(body.get("reason"))).build(), where));
            }
            case "alarms" -> json(resp, 200, submit(action("alarms", "list", who, "", "show", req.getParameter("show")), where));
            case "acknowledge" -> json(resp, 200, submit(action("alarms", "acknowledge", who, text(body.get("comment")),
                    "alarm", p.get(1), "comment", body.get("comment")), where));
            case "shelve" -> json(resp, 200, submit(action("alarms", "shelve", who, text(body.get("reason")),
                    "alarm", p.get(1), "minutes", body.get("minutes"), "reason", body.get("reason")), where));
            case "shutters" -> json(resp, 200, submit(action("shutters", "status", who, ""), where));
            case "shutter-group" -> {
                String a = p.get(3);
                if (!a.equals("open") && !a.equals("close") && !a.equals("stop")) {
                    throw new ApiException(404, "not-found", "POST " + where + ": a group action is open, close or stop, not '" + a + "'");
                }
                json(resp, 200, submit(action("shutters", a + "-group", who, text(body.get("reason")), "group", p.get(2)), where));
            }
            case "postures" -> json(resp, 200, submit(action("postures", "list", who, ""), where));
            case "preview" -> {
                Map<String, Object> data = new LinkedHashMap<>(submit(action("postures", "preview", who, "", "posture", p.get(1)), where));
                data.put("steps", data.getOrDefault("commands", List.of()));
                json(resp, 200, data);
            }
            case "run" -> {
                if (!(body.get("token") instanceof String token) || token.isBlank()) {
                    throw new ApiException(400, "bad-request", "POST " + where + ": the body has no \"token\"; a run needs "
                            + "the token of POST /api/postures/" + p.get(1) + "/preview");
                }
                json(resp, 200, submit(action("postures", "run", who, text(body.get("reason")), "posture", p.get(1), "token", token), where));
            }
            case "inside" -> {
                Map<String, Object> data = submit(action("access", "inside", who, "", "room", req.getParameter("room")), where);
                if ("csv".equals(req.getParameter("format"))) {
                    csv(resp, "inside.csv", List.of("room", "zone", "person", "since", "minutes", "overdue"), rows(data.get("inside")));
                } else {
                    json(resp, 200, data);
                }
            }
            case "events" -> events(req, resp, where);
            case "access-log" -> accessLog(req, resp, where);
            case "history" -> history(req, resp, p.get(1), p.get(2), where);
            case "floors" -> json(resp, 200, Map.of("floors", floorList()));
            case "floor-map" -> floorMap(resp, p.get(1), where);
            default -> throw new IllegalStateException(r.name);
        }
    }

    /**
     * Every route as "METHOD /api/path" with {} for an id, the session's, the document's and the live-event stream's
     * (ConsoleStreamServlet) included: what src/main/resources/openapi.json must describe, no more and no less
     * (OpenApiDocumentTest).
     */
    static List<String> routes() {
        List<String> out = new ArrayList<>(List.of("GET /api/session", "POST /api/session", "DELETE /api/session",
                "GET /api/" + OPENAPI, "GET /api/events/stream"));
        Route.ALL.forEach(r -> out.add(r.method + " /api/" + String.join("/", r.shape)));
        return out;
    }

    /** The OpenAPI 3 document of this API, hand-written beside this class and kept true by OpenApiDocumentTest. */
    static String openApiDocument() throws IOException {
        try (InputStream in = ConsoleApiServlet.class.getResourceAsStream("/" + OPENAPI)) {
            if (in == null) {
                throw new IllegalStateException("the bundle has no /" + OPENAPI);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The routes after /api/ other than /session: name, method, and shape (literal segments or {} for an id). */
    private record Route(String name, String method, String[] shape) {
        private static final List<Route> ALL = List.of(
                new Route("devices", "GET", "devices"), new Route("device", "GET", "devices {}"),
                new Route("command", "POST", "devices {} commands"),
                new Route("alarms", "GET", "alarms"), new Route("acknowledge", "POST", "alarms {} acknowledge"),
                new Route("shelve", "POST", "alarms {} shelve"),
                new Route("shutters", "GET", "shutters"), new Route("shutter-group", "POST", "shutters groups {} {}"),
                new Route("postures", "GET", "postures"), new Route("preview", "POST", "postures {} preview"),
                new Route("run", "POST", "postures {} run"),
                new Route("events", "GET", "events"), new Route("history", "GET", "history {} {}"),
                new Route("access-log", "GET", "access log"), new Route("inside", "GET", "access inside"),
                new Route("floors", "GET", "floors"), new Route("floor-map", "GET", "floors {} map"));

        Route(String name, String method, String shape) {
            this(name, method, shape.split(" "));
        }

        static Route match(String method, List<String> p) {
            Route any = null;
            for (Route r : ALL) {
                if (r.shape.length != p.size()) {
                    continue;
                }
                boolean ok = true;
                for (int i = 0; i < p.size() && ok; i++) {
                    ok = r.shape[i].equals("{}") || r.shape[i].equals(p.get(i));
                }
                if (ok) {
                    if (r.method.equals(method)) {
                        return r;
                    }
                    any = r;
                }
            }
            return any;
        }
    }

    private static ApiException notAllowed(String method, String where, String allowed) {
        return new ApiException(405, "method-not-allowed", method + " " + where + " is not a route; " + where
                + " allows " + allowed);
    }

    // ---------------------------------------------------------------------------------------------- sessions

    private Sessions.Session session(HttpServletRequest req) throws ApiException {
        String id = null;
        if (req.getCookies() != null) {
            for (Cookie c : req.getCookies()) {
                if (c.getName().equals(COOKIE)) {
                    id = c.getValue();
                }
            }
        }
        if (id == null) {
            throw new ApiException(401, "unauthenticated", "no session: log in with POST /api/session {\"user\", \"password\"}");
        }
        return sessions.find(id, Instant.now()).orElseThrow(() -> new ApiException(401, "session-expired",
                "the session has ended (logged out, or idle longer than " + config.sessionIdleSeconds()
                        + " s); log in again with POST /api/session"));
    }

    private static void csrf(HttpServletRequest req, Sessions.Session s) throws ApiException {
        String sent = req.getHeader(CSRF_HEADER);
        if (sent == null || !java.security.MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                s.csrfToken.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(403, "csrf", req.getMethod() + " /api" + req.getPathInfo() + ": header " + CSRF_HEADER
                    + (sent == null ? " is missing" : " does not match the session's token")
                    + "; send the csrfToken that POST or GET /api/session answered");
        }
    }

    private static Map<String, Object> sessionJson(Sessions.Session s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", s.issuer.user());
        out.put("roles", new ArrayList<>(new TreeSet<>(s.issuer.roles())));
        out.put("csrfToken", s.csrfToken);
        return out;
    }

    private void login(HttpServletRequest req, HttpServletResponse resp) throws ApiException, IOException {
        Map<String, Object> body = body(req, "/api/session");
        if (!(body.get("user") instanceof String user) || user.isBlank() || !(body.get("password") instanceof String password)) {
            throw new ApiException(400, "bad-request", "POST /api/session: the body needs \"user\" and \"password\" as text");
        }
        String address = req.getRemoteAddr();
        Instant now = Instant.now();
        long wait = throttle.lockedSeconds(user, address, now);
        if (wait > 0) {
            audit(EventTypes.LOGIN_REFUSED, user, address, "locked out after " + config.loginFailures()
                    + " failed log-ins within " + config.loginWindowSeconds() + " s; not checked against the realm");
            throw new ApiException(429, "throttled", "too many failed log-ins for this user or from this address; try again in "
                    + wait + " s", wait);
        }
        Subject subject = new Subject();
        subject.getPrincipals().add(new org.apache.karaf.jaas.boot.principal.ClientPrincipal("rest", address));
        LoginContext context;
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try {
            Thread.currentThread().setContextClassLoader(ConsoleApiServlet.class.getClassLoader());
            context = new LoginContext("karaf", subject, callbacks -> {
                for (javax.security.auth.callback.Callback c : callbacks) {
                    if (c instanceof NameCallback n) {
                        n.setName(user);
                    } else if (c instanceof PasswordCallback pw) {
                        pw.setPassword(password.toCharArray());
                    } else {
                        throw new UnsupportedCallbackException(c);
                    }
                }
            });
            context.login(); // Karaf posts SUCCESS or FAILURE: the audit bundle records login.succeeded/refused
        } catch (LoginException e) {
            if (throttle.failed(user, address, Instant.now())) {
                audit(EventTypes.LOGIN_REFUSED, user, address, "locked out for " + config.lockoutSeconds() + " s after "
                        + config.loginFailures() + " failed log-ins within " + config.loginWindowSeconds() + " s");
            }
            throw new ApiException(401, "login-refused", "the user name or password is wrong (realm karaf); after "
                    + config.loginFailures() + " failures log-ins are refused for " + config.lockoutSeconds() + " s");
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        throttle.succeeded(user);
        Issuer issuer = Issuers.fromSubject(subject, Issuer.Channel.REST);
        Sessions.Session s = sessions.open(issuer, context, Instant.now());
        resp.addHeader("Set-Cookie", COOKIE + "=" + s.id + "; Path=/; HttpOnly; SameSite=Strict" + (req.isSecure() ? "; Secure" : ""));
        json(resp, 200, sessionJson(s));
    }

    private void audit(String type, String user, String address, String reason) {
        EventBus b = bus;
        if (b == null) {
            LOG.warn("console log-in of {} from {}: {} (no event bus to record it)", user, address, reason);
            return;
        }
        b.publish(Event.builder(type, SOURCE).actor(user).severity(Severity.WARNING).put("user", user)
                .put("realm", "karaf").put("channel", "rest").put("address", address).put("reason", reason).build());
    }

    // ---------------------------------------------------------------------------------------------- commands

    private static Command action(String device, String action, Issuer who, String reason, Object... keysAndValues) {
        Command.Builder c = Command.builder(device, action).issuer(who).reason(reason);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object v = keysAndValues[i + 1];
            if (v != null && !(v instanceof String s && s.isEmpty())) {
                c.argument((String) keysAndValues[i], v);
            }
        }
        return c.build();
    }

    private Map<String, Object> submit(Command command, String where) throws ApiException {
        if (registry.device(command.deviceId()).isEmpty()) {
            throw new ApiException(503, "unavailable", where + ": the hub has no device '" + command.deviceId()
                    + "' (its bundle is not running or its device file is missing); start its feature");
        }
        CommandOutcome outcome;
        try {
            outcome = registry.submit(command).toCompletableFuture().get(config.commandSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ApiException(504, "timed-out", where + ": no outcome from '" + command.deviceId() + "' after "
                    + config.commandSeconds() + " s (command " + command.id() + "); its events will say how it ended");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "unavailable", where + ": the hub is stopping");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new ApiException(502, "failed", where + ": " + e.getCause());
        }
        if (outcome.status() == OutcomeStatus.COMPLETED) {
            Map<String, Object> data = new LinkedHashMap<>(outcome.data());
            data.putIfAbsent("commandId", outcome.commandId());
            data.putIfAbsent("status", outcome.status().name());
            return data;
        }
        if (outcome.status() == OutcomeStatus.REJECTED) {
            boolean policy = CommandCheck.POLICY.equals(outcome.data().get(CommandCheck.REFUSED_BY));
            throw new ApiException(policy ? 403 : 409, policy ? "forbidden" : "rejected", outcome.reason());
        }
        throw new ApiException(outcome.status() == OutcomeStatus.TIMED_OUT ? 504 : 502,
                outcome.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), outcome.reason());
    }

    // ---------------------------------------------------------------------------------------------- reads

    private DeviceInfo knownDevice(String id) throws ApiException {
        return registry.device(id).orElseThrow(() -> new ApiException(404, "not-found", "no device '" + id
                + "'; GET /api/devices lists them"));
    }

    private Map<String, Object> device(DeviceInfo d, boolean withPoints) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", d.id());
        if (d.definition() != null) {
            out.put("name", d.definition().name());
            out.put("type", d.definition().type());
            out.put("profile", d.definition().profile());
            out.put("floor", d.definition().floor());
            out.put("zone", d.definition().zone());
        }
        out.put("status", d.status().state().name());
        out.put("reason", d.status().reason());
        if (withPoints) {
            Map<String, PointValue> values = registry.values(d.id());
            List<Map<String, Object>> points = new ArrayList<>();
            if (d.definition() != null) {
                d.definition().points().forEach(pd -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", pd.id());
                    PointValue v = values.get(pd.id());
                    row.put("value", v == null ? null : v.value());
                    row.put("quality", v == null ? null : String.valueOf(v.quality()));
                    row.put("time", v == null || v.timestamp() == null ? null : v.timestamp().toString());
                    points.add(row);
                });
            }
            out.put("points", points);
        }
        return out;
    }

    private EventStore store(String where) throws ApiException {
        EventStore s = store;
        if (s == null) {
            throw new ApiException(503, "unavailable", where + ": the event store (service " + EventStore.class.getName()
                    + ", feature yakata-store) is not running; start it and check its database");
        }
        return s;
    }

    private static Duration last(HttpServletRequest req, Duration fallback, String where) throws ApiException {
        String text = req.getParameter("last");
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            if (text.matches("\\d+[smhd]")) {
                long n = Long.parseLong(text.substring(0, text.length() - 1));
                return switch (text.charAt(text.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(text);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new ApiException(400, "bad-request", where + ": last=" + text + " is not a duration; write 15m, 1h, 7d or PT1H");
        }
    }

    private static int limit(HttpServletRequest req, String where) throws ApiException {
        String text = req.getParameter("limit");
        if (text == null || text.isBlank()) {
            return EventQuery.DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= EventStore.MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ApiException(400, "bad-request", where + ": limit=" + text + " must be 1 to " + EventStore.MAX_LIMIT);
    }

    private void events(HttpServletRequest req, HttpServletResponse resp, String where) throws ApiException, IOException {
        Instant now = Instant.now();
        EventQuery q = page(EventQuery.between(now.minus(last(req, Duration.ofDays(7), where)), now.plusSeconds(1))
                .withType(req.getParameter("type")).withDevice(req.getParameter("device")).withLimit(limit(req, where)),
                req, true, where);
        String severity = req.getParameter("severity");
        Page<StoredEvent> page = events(q, where);
        List<Event> events = page.items().stream().map(StoredEvent::event)
                .filter(e -> severity == null || severity.isBlank() || e.severity().name().equalsIgnoreCase(severity)).toList();
        eventsJson(resp, "events", events, page.next());
    }

    /** {@code order} (newest or oldest first, {@code newestByDefault} when absent) and {@code next} of a list. */
    private static EventQuery page(EventQuery q, HttpServletRequest req, boolean newestByDefault, String where)
            throws ApiException {
        String order = req.getParameter("order");
        boolean newest = newestByDefault;
        if (order != null && !order.isBlank()) {
            switch (order) {
                case "newest" -> newest = true;
                case "oldest" -> newest = false;
                default -> throw new ApiException(400, "bad-request", where + ": order=" + order
                        + " is neither newest nor oldest");
            }
        }
        String next = req.getParameter("next");
        return q.withNewestFirst(newest).withNext(next == null ? "" : next);
    }

    /** A page of stored events; a {@code next} that is not this list's page token is the caller's error. */
    private Page<StoredEvent> events(EventQuery q, String where) throws ApiException {
        EventStore s = store(where);
        try {
            return s.events(q);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "bad-request", where + ": " + e.getMessage());
        }
    }

    private void accessLog(HttpServletRequest req, HttpServletResponse resp, String where) throws ApiException, IOException {
        Instant now = Instant.now();
        boolean csv = "csv".equals(req.getParameter("format"));
        // a list on screen starts at the newest entry; an export reads like a register, oldest first
        EventQuery q = page(EventQuery.between(now.minus(last(req, Duration.ofHours(24), where)), now.plusSeconds(1))
                .withType("access.").withDevice(req.getParameter("door")).withLimit(limit(req, where)), req, !csv, where);
        Page<StoredEvent> page = events(q, where);
        List<Event> events = page.items().stream().map(StoredEvent::event).toList();
        if (csv) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Event e : events) {
                Map<String, Object> row = new LinkedHashMap<>(e.data());
                row.put("time", e.time().toString());
                row.put("type", e.type());
                row.put("source", e.source());
                rows.add(row);
            }
            csv(resp, "access-log.csv", List.of("time", "type", "source", "door", "person", "granted", "reason", "direction"), rows);
            return;
        }
        eventsJson(resp, "entries", events, page.next());
    }

    private void history(HttpServletRequest req, HttpServletResponse resp, String device, String point, String where)
            throws ApiException, IOException {
        knownDevice(device);
        Instant now = Instant.now();
        Page<HistorySample> page = store(where).history(HistoryQuery.of(device, point,
                now.minus(last(req, Duration.ofHours(24), where)), now.plusSeconds(1)));
        List<Map<String, Object>> samples = new ArrayList<>();
        for (HistorySample h : page.items()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("time", h.time().toString());
            row.put("min", h.min());
            row.put("max", h.max());
            row.put("average", h.average());
            row.put("last", h.last());
            row.put("quality", h.quality());
            row.put("count", h.count());
            samples.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("device", device);
        out.put("point", point);
        out.put("samples", samples);
        out.put("next", page.next());
        json(resp, 200, out);
    }

    private List<Map<String, Object>> floorList() throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.isDirectory(floors)) {
            return out;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(floors, "*.svg")) {
            List<String> names = new ArrayList<>();
            dir.forEach(f -> {
                String n = f.getFileName().toString();
                String id = n.substring(0, n.length() - 4);
                if (FLOOR_NAME.matcher(id).matches() && Files.isRegularFile(f)) {
                    names.add(id);
                }
            });
            names.stream().sorted().forEach(id -> out.add(Map.of("id", id, "map", "/api/floors/" + id + "/map")));
        }
        return out;
    }

    private void floorMap(HttpServletResponse resp, String floor, String where) throws ApiException, IOException {
        if (!FLOOR_NAME.matcher(floor).matches()) {
            throw new ApiException(400, "bad-request", where + ": a floor name is letters, digits, - and _ (up to 32), as GET /api/floors lists them");
        }
        Path file = floors.resolve(floor + ".svg");
        if (!Files.isRegularFile(file)) {
            throw new ApiException(404, "not-found", "no floor map '" + floor + "' (" + file + "); GET /api/floors lists them");
        }
        byte[] svg = Files.readAllBytes(file);
        resp.setStatus(200);
        resp.setContentType("image/svg+xml;charset=UTF-8");
        resp.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        resp.setContentLength(svg.length);
        resp.getOutputStream().write(svg);
    }

    // ---------------------------------------------------------------------------------------------- JSON, CSV

    private Map<String, Object> body(HttpServletRequest req, String where) throws ApiException, IOException {
        int max = config.maxBodyBytes();
        if (req.getContentLengthLong() > max) {
            throw new ApiException(413, "too-large", req.getMethod() + " " + where + ": the body is " + req.getContentLengthLong()
                    + " bytes, more than the " + max + " this API accepts");
        }
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(max + 1);
        }
        if (bytes.length > max) {
            throw new ApiException(413, "too-large", req.getMethod() + " " + where + ": the body is more than the " + max
                    + " bytes this API accepts");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return Map.of();
        }
        Object value;
        try {
            value = EventJson.valueFromJson(text);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "malformed-json", req.getMethod() + " " + where + ": the body is not JSON ("
                    + e.getMessage().replaceAll("\\s+", " ") + "); send one JSON object");
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw new ApiException(400, "malformed-json", req.getMethod() + " " + where + ": the body must be a JSON object, not "
                    + (value == null ? "null" : value instanceof List ? "an array" : "a " + value.getClass().getSimpleName().toLowerCase()));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) m;
        return out;
    }

    private static Map<String, Object> map(Object value, String name, String where) throws ApiException {
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> out = (Map<String, Object>) m;
            return out;
        }
        throw new ApiException(400, "bad-request", where + ": \"" + name + "\" must be a JSON object");
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Object value) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> {
                if (v instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            });
        }
        return out;
    }

    private static void json(HttpServletResponse resp, int status, Object value) throws IOException {
        write(resp, status, "application/json;charset=UTF-8", EventJson.valueToJson(value));
    }

    private static void eventsJson(HttpServletResponse resp, String name, List<Event> events, String next) throws IOException {
        String items = events.stream().map(EventJson::toJsonText).collect(Collectors.joining(","));
        write(resp, 200, "application/json;charset=UTF-8",
                "{\"" + name + "\":[" + items + "],\"next\":" + EventJson.valueToJson(next) + "}");
    }

    private static void error(HttpServletResponse resp, int status, String code, String message) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", code);
        out.put("message", message);
        json(resp, status, out);
    }

    private static void write(HttpServletResponse resp, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType(type);
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    /** CSV, UTF-8 with a byte-order mark so spreadsheet programs read Japanese names right. */
    static String csvText(List<String> columns, List<Map<String, Object>> rows) {
        StringBuilder out = new StringBuilder("\uFEFF");
        out.append(String.join(",", columns)).append("\r\n");
        for (Map<String, Object> row : rows) {
            out.append(columns.stream().map(c -> cell(row.get(c))).collect(Collectors.joining(","))).append("\r\n");
        }
        return out.toString();
    }

    private static String cell(Object value) {
        String s = value == null ? "" : String.valueOf(value);
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s; // no formula in a spreadsheet from a name someone typed
        }
        return s.matches(".*[\",\r\n].*") || s.startsWith("'") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static void csv(HttpServletResponse resp, String file, List<String> columns, List<Map<String, Object>> rows)
            throws IOException {
        resp.setHeader("Content-Disposition", "attachment; filename=\"" + file + "\"");
        write(resp, 200, "text/csv;charset=UTF-8", csvText(columns, rows));
    }
}
