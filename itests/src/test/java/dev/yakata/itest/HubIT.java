package dev.yakata.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.command.Issuer;
import dev.yakata.api.command.OutcomeStatus;
import dev.yakata.api.device.DeviceState;
import dev.yakata.api.device.DeviceStatus;
import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.api.event.EventTypes;
import dev.yakata.api.event.Severity;
import dev.yakata.core.api.DeviceInfo;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.core.api.Issuers;
import dev.yakata.bus.api.EventBus;
import dev.yakata.api.device.PointValue;
import dev.yakata.store.api.AuditEntry;
import dev.yakata.store.api.AuditQuery;
import dev.yakata.store.api.EventQuery;
import dev.yakata.store.api.EventStore;
import java.time.Instant;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import java.util.EnumSet;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Boots the real Yakata distribution once (Karaf on Felix, the hub, the simulator, the demo building) and
 * checks what building managers rely on: devices come ONLINE and report, adapters hot-plug without
 * disturbing anything else, and broken device or route files are reported while the rest runs on.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HubIT {

    /** The demo building's devices, as config/etc ships them. */
    private static final Set<String> DEMO_DEVICES = Set.of("camera.1f.main-entrance", "camera.1f.staff-entrance",
            "door.1f.back-office", "door.1f.main-entrance", "door.1f.staff-entrance", "door.2f.meeting-rooms",
            "door.2f.server-room", "door.3f.back-office", "door.3f.records-room", "hvac.2f.server-room",
            "power.1f.feeds", "power.2f.feeds", "power.3f.feeds", "shutter.1f.counter-1", "shutter.1f.counter-2",
            "shutter.1f.counter-3", "shutter.1f.counter-4", "ups.2f.server-room", "fire.1f.panel", "access",
            "comms.1f.feeds", "comms.2f.feeds", "comms.3f.feeds", "shutters", "postures", "alarms");

    /** Who the test's own registry calls are: an administrator at the shell, as far as the command policy is concerned. */
    private static final Issuer ITEST = Issuer.of("itest", Issuer.Channel.SHELL, Issuers.ADMIN);

    /** The OPC UA server's and the MQTT bridge's configuration PIDs (etc/<pid>.cfg). */
    private static final String OPCUA_SERVER_PID = "dev.yakata.opcua.server";
    private static final String MQTT_BRIDGE_PID = "dev.yakata.mqtt.bridge";

    /** A card pseudonym (dev.yakata.core.api.Pseudonyms): "card:" and 24 hexadecimal digits. */
    private static final Pattern PSEUDONYM = Pattern.compile("card:[0-9a-fA-F]{24}");
    /** The simulator's card numbers ({@code staff-0107}); not {@code staff-} alone, which a door's id has too. */
    private static final Pattern RAW_CARD = Pattern.compile("staff-\\d{4}");

    @Inject
    private BundleContext context;

    @Inject
    private DeviceRegistry registry;

    @Inject
    private EventBus bus;

    @Inject
    private SessionFactory sessionFactory;

    @Inject
    private FeaturesService features;

    @Inject
    private EventStore store;

    @Configuration
    public Option[] config() throws Exception {
        int mqttPort = TestBroker.start();
        int opcuaPort = freePort();
        int mainCameraPort = freePort();
        int staffCameraPort = freePort();
        int httpPort = freePort();
        String karafVersion = "4.4.8";
        String endorsed = "lib/endorsed/org.apache.karaf.specs.";
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(maven().groupId("dev.yakata").artifactId("yakata-distribution").type("tar.gz").versionAsInProject())
                    .karafVersion(karafVersion).name("Yakata").unpackDirectory(new File("target/exam")).useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.INFO),
            // The same module options bin/karaf passes on Java 9+ (Pax Exam adds none of them).
            vmOptions("--add-reads=java.xml=java.logging",
                    "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                    "--patch-module", "java.base=" + endorsed + "locator-" + karafVersion + ".jar",
                    "--patch-module", "java.xml=" + endorsed + "java.xml-" + karafVersion + ".jar",
                    "--add-opens", "java.base/java.security=ALL-UNNAMED",
                    "--add-opens", "java.base/java.net=ALL-UNNAMED",
                    "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                    "--add-opens", "java.base/java.util=ALL-UNNAMED",
                    "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                    "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                    "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                    "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                    "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED"),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                    System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository")),
            // A port of its own, so a hub already running on this machine does not collide with the test.
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(freePort())),
            // the console's HTTP service: a free port, so hubs booted side by side do not compete for 8181
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(httpPort)),
            systemProperty("yakata.itest.http.port").value(String.valueOf(httpPort)),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port.secure", String.valueOf(freePort())),
            // Short wait before a device naming an unknown adapter is FAULT, to keep the test quick.
            editConfigurationFilePut("etc/dev.yakata.core.cfg", "adapterWaitSeconds", "2"),
            systemProperty("yakata.itest.adapter.jar").value(System.getProperty("yakata.itest.adapter.jar")),
            // the vendor kit's example: its KAR, its controller's simulator and its sample device file
            systemProperty("yakata.itest.vendor.kar").value(System.getProperty("yakata.itest.vendor.kar")),
            systemProperty("yakata.itest.vendor.simulator").value(System.getProperty("yakata.itest.vendor.simulator")),
            systemProperty("yakata.itest.vendor.device").value(System.getProperty("yakata.itest.vendor.device")),
            // The northbound bridge publishes to the test's broker, never to one already running on the machine.
            editConfigurationFilePut("etc/dev.yakata.mqtt.bridge.cfg", "broker.url", "tcp://127.0.0.1:" + mqttPort),
            editConfigurationFilePut("etc/dev.yakata.mqtt.bridge.cfg", "commands.enabled", "true"),
            editConfigurationFilePut("etc/dev.yakata.mqtt.bridge.cfg", "commands.user", "itest-panel"),
            editConfigurationFilePut("etc/dev.yakata.mqtt.bridge.cfg", "commands.roles", "yakata-operator"),
            systemProperty("yakata.itest.mqtt.port").value(String.valueOf(mqttPort)),
            // BACnet on loopback with a port of its own; the OPC UA server on a free port (the hub's own OPC UA
            // devices connect to it in the hot-plug test).
            editConfigurationFilePut("etc/dev.yakata.adapter.bacnet.cfg", "localAddress", "127.0.0.1"),
            editConfigurationFilePut("etc/dev.yakata.adapter.bacnet.cfg", "localPort", "0"),
            editConfigurationFilePut("etc/dev.yakata.opcua.server.cfg", "port", String.valueOf(opcuaPort)),
            systemProperty("yakata.itest.opcua.port").value(String.valueOf(opcuaPort)),
            // The demo's simulated ONVIF cameras on free ports, and their camera files pointing there.
            editConfigurationFilePut("etc/dev.yakata.simulator.camera-main-entrance.cfg", "port", String.valueOf(mainCameraPort)),
            editConfigurationFilePut("etc/dev.yakata.device-camera.1f.main-entrance.cfg", "camera.url",
                    "http://127.0.0.1:" + mainCameraPort + "/onvif/device_service"),
            editConfigurationFilePut("etc/dev.yakata.simulator.camera-staff-entrance.cfg", "port", String.valueOf(staffCameraPort)),
            editConfigurationFilePut("etc/dev.yakata.device-camera.1f.staff-entrance.cfg", "camera.url",
                    "http://127.0.0.1:" + staffCameraPort + "/onvif/device_service"),
            systemProperty("yakata.itest.peers.dir").value(System.getProperty("yakata.itest.peers.dir")),
            systemProperty("yakata.itest.bacnet.device").value(System.getProperty("yakata.itest.bacnet.device")),
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    // ---- the demo building ----------------------------------------------------------------------------

    @Test
    public void demoDevicesComeOnlineAndTheirValuesFlowOntoTheBus() throws Exception {
        awaitUntil("every demo device is ONLINE", 60, () -> DEMO_DEVICES.stream().allMatch(id -> stateOf(id) == DeviceState.ONLINE));

        Set<String> reporting = new java.util.concurrent.ConcurrentSkipListSet<>();
        ServiceRegistration<EventListener> listener = listen(EventTypes.POINT_CHANGED, e -> reporting.add(e.source()));
        try {
            awaitUntil("the HVAC, UPS and power feeds report values on the bus", 15, () -> reporting.containsAll(
                    Set.of("hvac.2f.server-room", "ups.2f.server-room")));
        } finally {
            listener.unregister();
        }
        assertNotNull(registry.values("hvac.2f.server-room").get("supply-temp"));

        ServiceReference<?>[] camel = context.getServiceReferences("org.apache.camel.CamelContext", "(camel.context.name=yakata)");
        assertNotNull("the bus registers its CamelContext as a service", camel);
        assertEquals(1, camel.length);
    }

    @Test
    public void commandsReachTheSimulatorAndTheirOutcomeIsOnTheBus() throws Exception {
        awaitUntil("the server-room HVAC is ONLINE", 60, () -> stateOf("hvac.2f.server-room") == DeviceState.ONLINE);
        BlockingQueue<Event> outcomes = new LinkedBlockingQueue<>();
        ServiceRegistration<EventListener> listener = listen("command.*", outcomes::add);
        try {
            CommandOutcome written = registry.submit(Command.write("hvac.2f.server-room", "setpoint", "22.5", ITEST, "warmer"))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(written.reason(), OutcomeStatus.COMPLETED, written.status());

            CommandOutcome rejected = registry.submit(Command.write("hvac.2f.server-room", "setpiont", "22.5", ITEST, ""))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(OutcomeStatus.REJECTED, rejected.status());
            assertTrue(rejected.reason(), rejected.reason().contains("has no point 'setpiont'"));

            List<String> types = new ArrayList<>();
            for (int i = 0; i < 3; i++) { // issued + completed for the write; a rejected command is never issued
                Event event = outcomes.poll(5, TimeUnit.SECONDS);
                assertNotNull("expected issued, completed and rejected events; got " + types, event);
                types.add(event.type());
            }
            assertTrue(types.toString(), types.containsAll(List.of(EventTypes.COMMAND_ISSUED, EventTypes.COMMAND_COMPLETED,
                    EventTypes.COMMAND_REJECTED)));
        } finally {
            listener.unregister();
        }
    }

    // ---- authority: who may do what --------------------------------------------------------------------------

    @Test
    public void theCommandPolicyDecidesShellDeviceCommandsWhichCarryTheLoggedInUser() throws Exception {
        awaitUntil("the counter shutter is ONLINE", 60, () -> stateOf("shutter.1f.counter-3") == DeviceState.ONLINE);
        String stop = "yakata:device-command --reason itest shutter.1f.counter-3 stop";

        BlockingQueue<Event> issued = new LinkedBlockingQueue<>();
        ServiceRegistration<EventListener> listener = listen(EventTypes.COMMAND_ISSUED, issued::add);
        try {
            String output = runAs(login("operator", "operator-demo"), stop);
            assertTrue(output, output.contains("shutter.1f.counter-3 stop: COMPLETED"));
            Event event = awaitEvent(issued, e -> "operator".equals(issuedBy(e)));
            assertNotNull("the command carries the operator's user name", event);
            assertEquals("itest", event.data().get("reason"));
        } finally {
            listener.unregister();
        }

        // The shell ACL lets every Yakata role give device commands; the core's policy refuses the viewer's, and says so.
        Subject viewer = login("viewer", "viewer-demo");
        String refused = runAs(viewer, stop);
        assertTrue(refused, refused.contains("shutter.1f.counter-3 stop: REJECTED") && refused.contains("refused by policy"));
        assertTrue("a viewer may list devices", runAs(viewer, "yakata:device-list --no-format").contains("hvac.2f.server-room"));
    }

    @Test
    public void aYakataManagerIsRefusedTheContainerWhichOnlyTheAdministratorManages() throws Exception {
        Path etc = Paths.get(System.getProperty("karaf.etc"));
        for (String pid : List.of("org.apache.karaf.shell", OPCUA_SERVER_PID, MQTT_BRIDGE_PID)) {
            assertTrue("the distribution ships " + pid + ".cfg", Files.exists(etc.resolve(pid + ".cfg")));
        }
        Bundle target = java.util.Arrays.stream(context.getBundles())
                .filter(b -> "org.apache.karaf.package.core".equals(b.getSymbolicName())).findFirst().orElseThrow();
        Subject manager = login("manager", "manager-demo");
        Subject admin = login("admin", "admin-demo");
        try {
            for (String line : List.of("config:edit org.apache.karaf.shell", "config:edit " + OPCUA_SERVER_PID,
                    "config:edit " + MQTT_BRIDGE_PID, "config:property-set -p org.apache.karaf.shell sshHost 0.0.0.0",
                    "config:list", "bundle:stop " + target.getBundleId(),
                    "jaas:user-list", "cat etc/users.properties", "grep admin etc/users.properties",
                    "(($.context bundle " + target.getBundleId() + ") stop)", "echo x > etc/itest-written.txt")) {
                assertRefused(manager, line);
            }
            assertEquals("the refused bundle:stop left the bundle running", Bundle.ACTIVE, target.getState());
            assertTrue("the refused property-set left SSH on loopback",
                    Files.readString(etc.resolve("org.apache.karaf.shell.cfg")).contains("127.0.0.1"));
            assertTrue("the refused redirection wrote nothing", Files.notExists(etc.resolve("itest-written.txt")));
            // A refused tool says it is refused, not that it does not exist.
            String simFault = assertRefused(login("viewer", "viewer-demo"), "yakata:sim-fault power.2f.feeds feed-a-loss");
            assertTrue(simFault, simFault.contains("Insufficient credentials"));

            // What a manager may do, and the administrator's rights over the same things, show the refusals are the ACL's.
            assertTrue(runAs(manager, "yakata:device-list --no-format | grep ONLINE | wc -l").trim().matches("[1-9][0-9]*"));
            assertEquals("127.0.0.1", runAs(admin, "config:property-get -p org.apache.karaf.shell sshHost").trim());
            assertEquals(String.valueOf(target.getBundleId()), runAs(admin, "bundle:id org.apache.karaf.package.core").trim());
        } finally {
            if (target.getState() != Bundle.ACTIVE) {
                target.start();
            }
        }
    }

    @Test
    public void aViewersEventFollowAndTheBridgeShowACardPseudonymWhereTheSimulatorsCardNumberWas() throws Exception {
        // A copy of a demo door (whatever its profile and roles say) that swipes about three times a second.
        Path etc = Paths.get(System.getProperty("karaf.etc"));
        Path swiping = etc.resolve("dev.yakata.device-itest.swiping-door.cfg");
        String demoDoor = Files.readString(etc.resolve("dev.yakata.device-door.1f.main-entrance.cfg"), StandardCharsets.UTF_8);
        Files.writeString(swiping, demoDoor.lines()
                .filter(l -> !l.matches("\\s*(device\\.id|sim\\.tickMillis|sim\\.swipeEverySeconds)\\s*=.*"))
                .collect(Collectors.joining("\n", "", "\ndevice.id = itest.swiping-door\nsim.tickMillis = 100\nsim.swipeEverySeconds = 0.3\n")),
                StandardCharsets.UTF_8);
        try {
            awaitUntil("the swiping door is ONLINE", 15, () -> stateOf("itest.swiping-door") == DeviceState.ONLINE);
            String followed = runAs(login("viewer", "viewer-demo"), "yakata:event-follow --count 3 --seconds 15 card.swiped");
            List<String> swipes = followed.lines().filter(l -> l.contains("card.swiped")).collect(Collectors.toList());
            assertEquals(followed, 3, swipes.size());
            for (String swipe : swipes) {
                assertTrue(swipe, PSEUDONYM.matcher(swipe).find() && !RAW_CARD.matcher(swipe).find());
            }
            String northbound = mosquitto("mosquitto_sub", "-p", System.getProperty("yakata.itest.mqtt.port"), "-C", "1", "-W", "10",
                    "-t", "yakata/village-office/events/card.swiped/itest.swiping-door");
            assertTrue(northbound, Pattern.compile("\"card\":\"card:[0-9a-fA-F]{24}\"").matcher(northbound).find()
                    && !RAW_CARD.matcher(northbound).find());
        } finally {
            Files.deleteIfExists(swiping);
        }
        awaitUntil("the swiping door leaves the registry", 15, () -> registry.device("itest.swiping-door").isEmpty());
    }

    /** Who issued a command, from its command.issued event: its actor, or the user in its data. */
    private static String issuedBy(Event issued) {
        return issued.actor().isEmpty() ? String.valueOf(issued.data().get("user")) : issued.actor();
    }

    /** Runs the command line as {@code who} and asserts the shell refused it; returns the refusal. */
    private String assertRefused(Subject who, String commandLine) {
        String output;
        try {
            output = runAs(who, commandLine);
        } catch (Exception e) {
            String refusal = String.valueOf(e);
            assertTrue(commandLine + ": " + refusal, refusal.contains("Command not found") || refusal.contains("Insufficient credentials"));
            return refusal;
        }
        fail(commandLine + " must be refused; it printed: " + output);
        return null;
    }

    /** Logs in to the hub's JAAS realm as SSH does (etc/users.properties): the subject carries the user's real roles. */
    private static Subject login(String user, String password) throws Exception {
        LoginContext login = new LoginContext("karaf", callbacks -> {
            for (Callback callback : callbacks) {
                if (callback instanceof NameCallback) {
                    ((NameCallback) callback).setName(user);
                } else if (callback instanceof PasswordCallback) {
                    ((PasswordCallback) callback).setPassword(password.toCharArray());
                } else {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        });
        login.login();
        return login.getSubject();
    }

    /** Runs a shell command line in a session of the subject, as an SSH session would; returns its output. */
    private String runAs(Subject subject, String commandLine) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        try {
            Subject.doAs(subject, (PrivilegedExceptionAction<Object>) () -> {
                Session session = sessionFactory.create(new ByteArrayInputStream(new byte[0]), print, print);
                try {
                    return session.execute(commandLine);
                } finally {
                    session.close();
                }
            });
        } catch (PrivilegedActionException e) {
            throw e.getException();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    // ---- hot plug ---------------------------------------------------------------------------------------

    @Test
    public void hotDeployedAdapterBringsItsDeviceOnlineAndRemovalTakesItOfflineDisturbingNoOtherBundle() throws Exception {
        awaitUntil("every demo device is ONLINE", 60, () -> DEMO_DEVICES.stream().allMatch(id -> stateOf(id) == DeviceState.ONLINE));
        Path etc = Paths.get(System.getProperty("karaf.etc"));
        Path deploy = Paths.get(System.getProperty("karaf.base"), "deploy");
        Files.writeString(etc.resolve("dev.yakata.device-itest.counter.cfg"), String.join("\n",
                "device.type = sensor", "adapter = example-counter", "floor = 2F", "zone = L2",
                "point.counter.kind = multistate", ""), StandardCharsets.UTF_8);
        awaitUntil("the counter device waits for its adapter", 10,
                () -> registry.device("itest.counter").map(d -> d.status().state() != DeviceState.UNKNOWN).orElse(false));

        awaitBootSettled();
        Map<Long, String> before = bundleStates();
        List<String> disturbances = new CopyOnWriteArrayList<>();
        SynchronousBundleListener bundleListener = event -> {
            if (!"dev.yakata.example.counter".equals(event.getBundle().getSymbolicName())) {
                disturbances.add(event.getBundle().getSymbolicName() + " " + bundleEventName(event.getType()));
            }
        };
        // Fileinstall asks for a refresh whenever it installs or removes a bundle; that is harmless as long as
        // the refresh reaches no other bundle, which the bundle events above would show.
        List<String> refreshes = new CopyOnWriteArrayList<>();
        FrameworkListener frameworkListener = event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshes.add("refresh");
            }
        };
        context.addBundleListener(bundleListener);
        context.addFrameworkListener(frameworkListener);
        try {
            Path jar = deploy.resolve("counter-adapter.jar");
            long copied = System.nanoTime();
            Files.copy(Paths.get(System.getProperty("yakata.itest.adapter.jar")), jar, StandardCopyOption.REPLACE_EXISTING);
            awaitUntil("the hot-deployed adapter's device is ONLINE", 10, () -> stateOf("itest.counter") == DeviceState.ONLINE);
            long onlineMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - copied);
            System.out.println("hot deploy: device ONLINE " + onlineMillis + " ms after the copy into deploy/");
            assertTrue("the device must be ONLINE within 3 s of the copy, took " + onlineMillis + " ms", onlineMillis <= 3_000);
            awaitUntil("the counter reports", 5, () -> registry.values("itest.counter").containsKey("counter"));
            CommandOutcome reset = registry.submit(Command.action("itest.counter", "reset", Map.of(), ITEST, ""))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(OutcomeStatus.COMPLETED, reset.status());

            Files.delete(jar);
            awaitUntil("the device is OFFLINE after its adapter left", 10, () -> stateOf("itest.counter") == DeviceState.OFFLINE);
            assertTrue("the device keeps its configuration", registry.device("itest.counter").orElseThrow().definition() != null);
            Thread.sleep(1_500); // let any late refresh show itself before judging
        } finally {
            context.removeBundleListener(bundleListener);
            context.removeFrameworkListener(frameworkListener);
            Files.deleteIfExists(etc.resolve("dev.yakata.device-itest.counter.cfg"));
        }
        System.out.println("hot plug: " + refreshes.size() + " package refreshes, other bundles' events: " + disturbances);
        assertEquals("no other bundle may be stopped, refreshed or restarted", List.of(), disturbances);
        Map<Long, String> after = bundleStates();
        after.keySet().retainAll(before.keySet());
        assertEquals(before, after);
        assertTrue("the demo devices kept running", DEMO_DEVICES.stream().allMatch(id -> stateOf(id) == DeviceState.ONLINE));
    }

    /**
     * The vendor kit's promise, end to end: a vendor's KAR (examples/vendor-adapter, built against the released API
     * alone) dropped into deploy/ installs its feature, the building manager's device file brings a shutter on the
     * vendor's controller (its simulator, a process of its own) ONLINE, and security staff close it from the shell and
     * open it from the console, through the same policy as every other shutter. Removing the KAR takes it OFFLINE.
     */
    @Test
    public void aVendorsKarBringsItsShutterOnlineControllableFromTheShellAndTheConsole() throws Exception {
        awaitUntil("every demo device is ONLINE", 60, () -> DEMO_DEVICES.stream().allMatch(id -> stateOf(id) == DeviceState.ONLINE));
        String shutter = "shutter.1f.counter-5";
        Path etc = Paths.get(System.getProperty("karaf.etc"));
        Path deploy = Paths.get(System.getProperty("karaf.base"), "deploy");
        Path deviceFile = etc.resolve("dev.yakata.device-" + shutter + ".cfg");
        Path kar = deploy.resolve("shutterworks.kar");
        int controllerPort = freePort();
        String password = "itest-" + Long.toHexString(System.nanoTime());
        Process controller = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("yakata.itest.vendor.simulator"), "--port", String.valueOf(controllerPort), "--password", password)
                .redirectErrorStream(true).redirectOutput(Paths.get(System.getProperty("karaf.data"), "shutterworks-simulator.log").toFile()).start();
        try {
            Files.copy(Paths.get(System.getProperty("yakata.itest.vendor.kar")), kar, StandardCopyOption.REPLACE_EXISTING);
            // the sample device file as the vendor ships it, pointed at this run's controller
            String sample = Files.readString(Paths.get(System.getProperty("yakata.itest.vendor.device")), StandardCharsets.UTF_8);
            Files.writeString(deviceFile, sample.replaceAll("(?m)^controller\\.port\\s*=.*$", "controller.port = " + controllerPort)
                    .replaceAll("(?m)^controller\\.password\\s*=.*$", "controller.password = " + password), StandardCharsets.UTF_8);
            awaitUntil("the vendor's shutter is ONLINE", 60, () -> stateOf(shutter) == DeviceState.ONLINE);
            // the adapter declares controller.password secret: the registry (what the shell, the console and the audit
            // trail read) never shows it
            DeviceInfo info = registry.devices().stream().filter(d -> d.id().equals(shutter)).findFirst().orElseThrow();
            assertEquals("shutterworks", info.definition().adapterId());
            assertEquals("******", info.definition().property("controller.password", null));
            assertEquals("the vendor's bundle imports the API the hub runs", Bundle.ACTIVE, java.util.Arrays.stream(context.getBundles())
                    .filter(b -> "com.example.shutterworks.adapter".equals(b.getSymbolicName())).findFirst().orElseThrow().getState());

            // security staff close it from the shell ...
            String closed = runAs(login("operator", "operator-demo"), "yakata:device-command --reason itest " + shutter + " close");
            assertTrue(closed, closed.contains(shutter + " close: COMPLETED"));
            awaitUntil("the shutter's closed limit is made", 30, () -> pointIs(shutter, "closed", Boolean.TRUE));

            // ... and open it from the console, as the REST API's operator
            HttpClient http = HttpClient.newHttpClient();
            String api = "http://127.0.0.1:" + System.getProperty("yakata.itest.http.port") + "/api";
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(api + "/session"))
                    .header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofString("{\"user\":\"operator\",\"password\":\"operator-demo\"}")).build(),
                    BodyHandlers.ofString());
            assertEquals(login.body(), 200, login.statusCode());
            String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            java.util.regex.Matcher csrf = Pattern.compile("\"csrfToken\"\\s*:\\s*\"([^\"]+)\"").matcher(login.body());
            assertTrue(login.body(), csrf.find());
            HttpResponse<String> shown = http.send(HttpRequest.newBuilder(URI.create(api + "/devices/" + shutter))
                    .header("Cookie", cookie).GET().build(), BodyHandlers.ofString());
            assertEquals(shown.body(), 200, shown.statusCode());
            assertTrue("the console shows the vendor's shutter: " + shown.body(), shown.body().contains("\"profile\":\"shutter\"")
                    && shown.body().contains("\"status\":\"ONLINE\"") && shown.body().contains("\"id\":\"closed\",\"value\":true"));
            assertFalse("the controller's password is a secret: " + shown.body(), shown.body().contains(password));
            HttpResponse<String> opened = http.send(HttpRequest.newBuilder(URI.create(api + "/devices/" + shutter + "/commands"))
                    .header("Content-Type", "application/json").header("Cookie", cookie).header("X-CSRF-Token", csrf.group(1))
                    .POST(BodyPublishers.ofString("{\"action\":\"open\",\"reason\":\"itest\"}")).build(),
                    BodyHandlers.ofString());
            assertEquals(opened.body(), 200, opened.statusCode());
            assertTrue(opened.body(), opened.body().contains("COMPLETED"));
            awaitUntil("the shutter opens again", 30, () -> pointIs(shutter, "closed", Boolean.FALSE));

            Files.delete(kar);
            awaitUntil("the shutter is OFFLINE once the vendor's KAR is gone", 30, () -> stateOf(shutter) == DeviceState.OFFLINE);
            assertTrue(statusReason(shutter), statusReason(shutter).contains("shutterworks"));
        } finally {
            Files.deleteIfExists(kar);
            Files.deleteIfExists(deviceFile);
            controller.destroy();
            controller.waitFor(10, TimeUnit.SECONDS);
        }
        assertTrue("the demo devices kept running", DEMO_DEVICES.stream().allMatch(id -> stateOf(id) == DeviceState.ONLINE));
    }

    private boolean pointIs(String deviceId, String pointId, Object expected) {
        PointValue value = registry.values(deviceId).get(pointId);
        return value != null && expected.equals(value.value());
    }

    @Test
    public void mqttFeatureHotPlugsItsDevicesAndTheBridgePublishesTheBuildingsEventsDisturbingNoOtherBundle() throws Exception {
        awaitUntil("every demo device is ONLINE", 60, () -> DEMO_DEVICES.stream().allMatch(id -> stateOf(id) == DeviceState.ONLINE));
        String port = System.getProperty("yakata.itest.mqtt.port");
        Path etc = Paths.get(System.getProperty("karaf.etc"));
        Path deviceFile = etc.resolve("dev.yakata.device-itest.mqtt-door.cfg");
        mosquitto("mosquitto_pub", "-p", port, "-r", "-q", "1", "-t", "itest/door/availability", "-m", "online");
        Files.writeString(deviceFile, String.join("\n", "device.type = door", "adapter = mqtt", "floor = 1F", "zone = L1",
                "mqtt.broker = tcp://127.0.0.1:" + port, "mqtt.contract = door-controller", "mqtt.topic = itest/door",
                "point.contact.kind = binary", "point.locked.kind = binary", ""), StandardCharsets.UTF_8);
        try {
            awaitUntil("the MQTT door is ONLINE", 15, () -> stateOf("itest.mqtt-door") == DeviceState.ONLINE);
            mosquitto("mosquitto_pub", "-p", port, "-q", "1", "-t", "itest/door/state", "-m", "{\"contact\": \"open\", \"lock\": \"unlocked\"}");
            awaitUntil("the door's state arrives", 10, () -> Boolean.FALSE.equals(
                    Optional.ofNullable(registry.values("itest.mqtt-door").get("contact")).map(v -> v.value()).orElse(null)));

            // Northbound: the value is retained under points/, and demo events flow under events/.
            String retained = mosquitto("mosquitto_sub", "-p", port, "-C", "1", "-W", "10",
                    "-t", "yakata/village-office/points/itest.mqtt-door/contact");
            assertTrue(retained, retained.contains("\"source\":\"itest.mqtt-door\"") && retained.contains("\"value\":false"));
            String demo = mosquitto("mosquitto_sub", "-p", port, "-C", "1", "-W", "10", "-v",
                    "-t", "yakata/village-office/events/point.changed/hvac.2f.server-room");
            assertTrue(demo, demo.startsWith("yakata/village-office/events/point.changed/hvac.2f.server-room {"));

            // Commands from MQTT are issued as the bridge's configured identity (itest-panel, yakata-operator, MQTT)
            // and decided by the core's policy: the operator may not release a Level-3 door by hand.
            String refused = mqttCommand(port, "door.2f.server-room", "{\"id\": \"o0\", \"action\": \"unlock\"}");
            assertTrue(refused, refused.contains("\"status\":\"REJECTED\"") && refused.contains("refused by policy")
                    && refused.contains("via MQTT") && refused.contains("door.unlock"));
            String done = mqttCommand(port, "shutter.1f.counter-2", "{\"id\": \"o1\", \"action\": \"stop\"}");
            assertTrue(done, done.contains("\"status\":\"COMPLETED\""));

            assertFeatureHotPlugs("yakata-mqtt", "dev.yakata.adapter.mqtt", "itest.mqtt-door", "mqtt");
        } finally {
            Files.deleteIfExists(deviceFile);
        }
    }

    @Test
    public void bacnetFeatureHotPlugsADeviceOnAnIndependentBacnetStack() throws Exception {
        awaitUntil("every demo device is ONLINE", 60, () -> DEMO_DEVICES.stream().allMatch(id -> stateOf(id) == DeviceState.ONLINE));
        int port = freePort();
        ProcessBuilder node = new ProcessBuilder("node", System.getProperty("yakata.itest.bacnet.device"), String.valueOf(port), "4711")
                .redirectErrorStream(true);
        node.environment().put("NODE_PATH", Paths.get(System.getProperty("yakata.itest.peers.dir"), "node_modules").toString());
        Process device = node.start();
        Path deviceFile = Paths.get(System.getProperty("karaf.etc")).resolve("dev.yakata.device-itest.bacnet-hvac.cfg");
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(device.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertTrue("the @bacnet-js/client device started: " + line, line != null && line.startsWith("READY"));
            Files.writeString(deviceFile, String.join("\n", "device.type = hvac", "adapter = bacnet", "floor = 2F", "zone = L3",
                    "bacnet.address = 127.0.0.1:" + port, "bacnet.instance = 4711",
                    "point.supply-temp.kind = analog", "point.supply-temp.unit = °C", "point.supply-temp.address = analog-input:1", ""),
                    StandardCharsets.UTF_8);
            awaitUntil("the BACnet device is ONLINE", 20, () -> stateOf("itest.bacnet-hvac") == DeviceState.ONLINE);
            awaitUntil("its supply temperature arrives", 10, () -> Double.valueOf(18.5).equals(
                    Optional.ofNullable(registry.values("itest.bacnet-hvac").get("supply-temp")).map(v -> v.value()).orElse(null)));
            assertFeatureHotPlugs("yakata-bacnet", "dev.yakata.adapter.bacnet", "itest.bacnet-hvac", "bacnet");
        } finally {
            Files.deleteIfExists(deviceFile);
            device.destroy();
        }
    }

    @Test
    public void opcuaFeatureHotPlugsADeviceReadingTheHubsOwnOpcUaServer() throws Exception {
        awaitUntil("every demo device is ONLINE", 60, () -> DEMO_DEVICES.stream().allMatch(id -> stateOf(id) == DeviceState.ONLINE));
        Path deviceFile = Paths.get(System.getProperty("karaf.etc")).resolve("dev.yakata.device-itest.opcua-hvac.cfg");
        // The northbound server shows the demo HVAC; an OPC UA device reads it back as a viewer would.
        Files.writeString(deviceFile, String.join("\n", "device.type = hvac", "adapter = opcua", "floor = 2F", "zone = L3",
                "opcua.endpoint = opc.tcp://127.0.0.1:" + System.getProperty("yakata.itest.opcua.port") + "/yakata",
                "opcua.username = viewer", "opcua.password = viewer-demo",
                "point.supply-temp.kind = analog", "point.supply-temp.address = ns=2;s=device/hvac.2f.server-room/supply-temp", ""),
                StandardCharsets.UTF_8);
        try {
            awaitUntil("the OPC UA device is ONLINE", 30, () -> stateOf("itest.opcua-hvac") == DeviceState.ONLINE);
            awaitUntil("the server's value arrives", 15, () -> registry.values("itest.opcua-hvac").containsKey("supply-temp"));
            // The adapter's shell commands run with their injected services (the trust list lives under etc/opcua).
            String certificates = runAs(login("manager", "manager-demo"), "yakata:opcua-cert-list");
            assertTrue(certificates, certificates.contains("PKI: ") && certificates.contains("Rejected") && certificates.contains("Trusted"));
            assertFeatureHotPlugs("yakata-opcua", "dev.yakata.adapter.opcua", "itest.opcua-hvac", "opcua");

            // One authority over OPC UA too: a client logged in as a security-staff operator may not write the server
            // room's setpoint (the shipped policy leaves the plant to building managers); a manager may.
            assertOpcUaWriteOfTheSetpoint(etc(), "operator", false);
            assertOpcUaWriteOfTheSetpoint(etc(), "manager", true);
        } finally {
            Files.deleteIfExists(deviceFile);
        }
    }

    /**
     * Uninstalls a feature and installs it again: its device goes OFFLINE (adapter removed) and back ONLINE, and no
     * other bundle is stopped, refreshed or restarted.
     */
    private static Path etc() {
        return Paths.get(System.getProperty("karaf.etc"));
    }

    /** Writes the demo HVAC's setpoint through the hub's own OPC UA server, logged in as {@code user}. */
    private void assertOpcUaWriteOfTheSetpoint(Path etc, String user, boolean allowed) throws Exception {
        String id = "itest.opcua-" + user;
        Path file = etc.resolve("dev.yakata.device-" + id + ".cfg");
        Files.writeString(file, String.join("\n", "device.type = hvac", "adapter = opcua", "floor = 2F", "zone = L3",
                "opcua.endpoint = opc.tcp://127.0.0.1:" + System.getProperty("yakata.itest.opcua.port") + "/yakata",
                "opcua.username = " + user, "opcua.password = " + user + "-demo",
                "point.supply-temp.kind = analog", "point.supply-temp.address = ns=2;s=device/hvac.2f.server-room/supply-temp",
                "point.setpoint.kind = analog", "point.setpoint.writable = true",
                "point.setpoint.address = ns=2;s=device/hvac.2f.server-room/setpoint", ""), StandardCharsets.UTF_8);
        try {
            awaitUntil(id + " is ONLINE", 30, () -> stateOf(id) == DeviceState.ONLINE);
            double target = allowed ? 23.0 : 19.0;
            CommandOutcome outcome = registry.submit(Command.write(id, "setpoint", target, ITEST, "itest over OPC UA"))
                    .toCompletableFuture().get(20, TimeUnit.SECONDS);
            if (allowed) {
                assertEquals(outcome.reason(), OutcomeStatus.COMPLETED, outcome.status());
                awaitUntil("the demo setpoint is " + target, 10,
                        () -> Double.valueOf(target).equals(registry.values("hvac.2f.server-room").get("setpoint").value()));
            } else {
                assertTrue(outcome.toString(), outcome.status() != OutcomeStatus.COMPLETED
                        && outcome.reason().contains("UserAccessDenied"));
                assertTrue("the demo setpoint was not written",
                        !Double.valueOf(target).equals(registry.values("hvac.2f.server-room").get("setpoint").value()));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The adapter's bundle, or one of its feature's own bundles named after it (dev.yakata.adapter.mqtt.shell). */
    private static boolean isPartOf(String bundleName, String symbolicName) {
        return bundleName.equals(symbolicName) || (symbolicName != null && symbolicName.startsWith(bundleName + "."));
    }

    private void assertFeatureHotPlugs(String feature, String bundleName, String deviceId, String adapterId) throws Exception {
        awaitBootSettled();
        Map<Long, String> before = bundleStates();
        List<String> disturbances = new CopyOnWriteArrayList<>();
        SynchronousBundleListener bundleListener = event -> {
            if (!isPartOf(bundleName, event.getBundle().getSymbolicName())) { // the feature's own shell bundle is its part
                disturbances.add(event.getBundle().getSymbolicName() + " " + bundleEventName(event.getType()));
            }
        };
        context.addBundleListener(bundleListener);
        try {
            features.uninstallFeature(feature, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            awaitUntil(deviceId + " is OFFLINE after its adapter left", 15, () -> stateOf(deviceId) == DeviceState.OFFLINE);
            assertTrue(statusReason(deviceId), statusReason(deviceId).contains("adapter '" + adapterId + "' was removed"));
            long installing = System.nanoTime();
            features.installFeature(feature, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            awaitUntil(deviceId + " is ONLINE again", 30, () -> stateOf(deviceId) == DeviceState.ONLINE);
            System.out.println(feature + " feature: device ONLINE " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - installing)
                    + " ms after feature:install");
            Thread.sleep(1_500); // let any late refresh show itself before judging
        } finally {
            context.removeBundleListener(bundleListener);
        }
        assertEquals("no other bundle may be stopped, refreshed or restarted", List.of(), disturbances);
        Map<Long, String> after = bundleStates();
        after.keySet().retainAll(before.keySet());
        before.values().removeIf(v -> isPartOf(bundleName, v.substring(0, v.indexOf(' '))));
        assertEquals(before, after);
        assertTrue("the demo devices kept running", DEMO_DEVICES.stream().allMatch(id -> stateOf(id) == DeviceState.ONLINE));
    }

    /** Publishes an MQTT command and returns the bridge's result. */
    private static String mqttCommand(String port, String device, String json) throws Exception {
        String topic = "yakata/village-office/commands/" + device;
        // -d prints the SUBACK, so the command goes out only once the result topic is subscribed (stdbuf: a pipe
        // would otherwise hold the line until mosquitto_sub exits).
        Process result = new ProcessBuilder("stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-d", "-C", "1", "-W", "15",
                "-t", topic + "/result").redirectErrorStream(true).start();
        try (java.io.BufferedReader out = new java.io.BufferedReader(
                new java.io.InputStreamReader(result.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder seen = new StringBuilder();
            String line;
            boolean sent = false;
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                if (!sent && line.contains("received SUBACK")) {
                    mosquitto("mosquitto_pub", "-p", port, "-q", "1", "-t", topic, "-m", json);
                    sent = true;
                } else if (line.startsWith("{")) {
                    return line;
                }
            }
            return seen.toString();
        } finally {
            result.waitFor();
        }
    }

    /** Runs a Mosquitto client tool against the test's broker on 127.0.0.1 and returns what it printed. */
    private static String mosquitto(String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(command));
        line.addAll(1, List.of("-h", "127.0.0.1"));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(String.join(" ", line) + " printed: " + out, 0, p.waitFor());
        return out.trim();
    }

    // ---- bad input ------------------------------------------------------------------------------------------

    @Test
    public void malformedDeviceFileAndUnknownAdapterAreFaultWithAClearReasonWhileTheRestRuns() throws Exception {
        awaitUntil("every demo device is ONLINE", 60, () -> DEMO_DEVICES.stream().allMatch(id -> stateOf(id) == DeviceState.ONLINE));
        Path etc = Paths.get(System.getProperty("karaf.etc"));
        Path malformed = etc.resolve("dev.yakata.device-itest.malformed.cfg");
        Path unknownAdapter = etc.resolve("dev.yakata.device-itest.unknown-adapter.cfg");
        Files.writeString(malformed, "adapter = simulator\npoint.temp.kind = analog\n", StandardCharsets.UTF_8);
        Files.writeString(unknownAdapter, "device.type = hvac\nadapter = bacnett\npoint.supply-temp.kind = analog\n",
                StandardCharsets.UTF_8);
        Path roleless = etc.resolve("dev.yakata.device-itest.door-without-contact.cfg");
        Files.writeString(roleless, "device.type = door\nadapter = simulator\nsim.model = door\npoint.locked.kind = binary\n",
                StandardCharsets.UTF_8);
        try {
            awaitUntil("the malformed file is FAULT", 15, () -> stateOf("itest.malformed") == DeviceState.FAULT);
            String reason = statusReason("itest.malformed");
            assertTrue(reason, reason.contains("dev.yakata.device-itest.malformed.cfg") && reason.contains("'device.type'"));

            awaitUntil("the unknown adapter is FAULT", 15, () -> stateOf("itest.unknown-adapter") == DeviceState.FAULT);
            reason = statusReason("itest.unknown-adapter");
            assertTrue(reason, reason.contains("no adapter 'bacnett' is installed") && reason.contains("simulator"));

            awaitUntil("the door without a contact is FAULT", 15, () -> stateOf("itest.door-without-contact") == DeviceState.FAULT);
            reason = statusReason("itest.door-without-contact");
            assertTrue(reason, reason.contains("the door profile needs a point for role 'contact'"));

            assertTrue("the demo devices keep running", DEMO_DEVICES.stream().allMatch(id -> stateOf(id) == DeviceState.ONLINE));
        } finally {
            Files.deleteIfExists(malformed);
            Files.deleteIfExists(unknownAdapter);
            Files.deleteIfExists(roleless);
        }
        awaitUntil("deleted files leave the registry", 15, () -> registry.devices().stream().noneMatch(d -> d.id().startsWith("itest.")));
    }

    @Test
    public void jsonDeviceFileWithTypedValuesStartsLikeAPropertiesFile() throws Exception {
        Path json = Paths.get(System.getProperty("karaf.etc"), "dev.yakata.device-itest.json-ups.cfg.json");
        Files.writeString(json, String.join("\n",
                "{",
                "  \"device.type\": \"ups\",",
                "  \"adapter\": \"simulator\",",
                "  \"floor\": \"3F\",",
                "  \"zone\": \"L2\",",
                "  \"sim.model\": \"ups\",",
                "  \"sim.tickMillis\": 200,",
                "  \"point.on-battery.kind\": \"binary\",",
                "  \"point.charge.kind\": \"analog\",",
                "  \"point.charge.unit\": \"%\",",
                "  \"point.charge.writable\": false,",
                "  \"point.charge.tags\": [\"ups\", \"battery\", \"charge\"]",
                "}", ""), StandardCharsets.UTF_8);
        try {
            awaitUntil("the JSON-configured UPS is ONLINE", 15, () -> stateOf("itest.json-ups") == DeviceState.ONLINE);
            DeviceInfo ups = registry.device("itest.json-ups").orElseThrow();
            assertEquals("3F", ups.definition().floor());
            assertEquals(Set.of("ups", "battery", "charge"), ups.definition().point("charge").orElseThrow().tags());
            awaitUntil("the UPS reports its charge", 10, () -> registry.values("itest.json-ups").containsKey("charge"));
        } finally {
            Files.deleteIfExists(json);
        }
        awaitUntil("the deleted JSON device leaves the registry", 15, () -> registry.device("itest.json-ups").isEmpty());
    }

    @Test
    public void brokenRouteFileIsReportedWithFileAndLineWhileOtherRoutesRun() throws Exception {
        Path routes = Paths.get(System.getProperty("karaf.etc"), "routes");
        Files.createDirectories(routes);
        BlockingQueue<Event> routeEvents = new LinkedBlockingQueue<>();
        BlockingQueue<Event> pongs = new LinkedBlockingQueue<>();
        ServiceRegistration<EventListener> routeListener = listen("route.*", routeEvents::add);
        ServiceRegistration<EventListener> pongListener = listen("itest.pong", pongs::add);
        Path good = routes.resolve("itest-ping.yaml");
        Path broken = routes.resolve("itest-broken.yaml");
        try {
            Files.writeString(good, String.join("\n",
                    "- route:",
                    "    id: itest-ping",
                    "    from:",
                    "      uri: yakata:events?types=itest.ping",
                    "      steps:",
                    "        - to: yakata:publish?type=itest.pong",
                    ""), StandardCharsets.UTF_8);
            Event loaded = awaitEvent(routeEvents, e -> e.type().equals("route.loaded") && e.subject().equals("itest-ping.yaml"));
            assertNotNull("the good route file loads", loaded);

            Files.writeString(broken, String.join("\n",
                    "- route:",
                    "    id: itest-broken",
                    "    from:",
                    "      uri: yakata:events?types=itest.never",
                    "      steps:",
                    "        - to: [unclosed",
                    ""), StandardCharsets.UTF_8);
            Event failed = awaitEvent(routeEvents, e -> e.type().equals("route.failed") && e.subject().equals("itest-broken.yaml"));
            assertNotNull("the broken route file is reported on the bus", failed);
            assertTrue(failed.data().toString(), failed.data().get("file").toString().contains("itest-broken.yaml"));
            assertTrue(failed.data().toString(), failed.data().get("line") != null);

            bus.publish(Event.of("itest.ping", "itest"));
            assertNotNull("the good route still runs", pongs.poll(5, TimeUnit.SECONDS));
        } finally {
            Files.deleteIfExists(good);
            Files.deleteIfExists(broken);
            routeListener.unregister();
            pongListener.unregister();
        }
    }

    // ---- the record ---------------------------------------------------------------------------------------------

    @Test
    public void theRecordKeepsACommandADemoAlarmALogInAndAConfigurationChangeAndGivesThemBackInQueriesAndAnExport() throws Exception {
        awaitUntil("the store writes to its DataSource", 60, () -> store.status().connected());
        awaitUntil("the counter shutter and the feeds are ONLINE", 60, () -> stateOf("shutter.1f.counter-2") == DeviceState.ONLINE
                && stateOf("power.2f.feeds") == DeviceState.ONLINE);
        Instant from = Instant.now().minusSeconds(1);
        Subject operator = login("operator", "operator-demo");
        Subject manager = login("manager", "manager-demo");
        Subject admin = login("admin", "admin-demo");

        BlockingQueue<Event> issued = new LinkedBlockingQueue<>();
        ServiceRegistration<EventListener> listener = listen(EventTypes.COMMAND_ISSUED, issued::add);
        String command;
        try {
            String output = runAs(operator, "yakata:device-command --reason itest-record shutter.1f.counter-2 stop");
            assertTrue(output, output.contains("COMPLETED"));
            Event event = awaitEvent(issued, e -> "shutter.1f.counter-2".equals(e.source()) && "itest-record".equals(e.data().get("reason")));
            assertNotNull("the operator's command was issued", event);
            command = event.correlationId().isEmpty() ? String.valueOf(event.data().get("command")) : event.correlationId();
        } finally {
            listener.unregister();
        }
        runAs(manager, "yakata:sim-fault power.2f.feeds feed-a-loss");
        try {
            // A refused log-in and a configuration change with a secret in it, which the hub audits on its own.
            try {
                login("operator", "not-the-password");
                fail("a wrong password must be refused");
            } catch (javax.security.auth.login.LoginException expected) {
                // recorded as login.refused
            }
            runAs(admin, "config:edit dev.yakata.itest.record; config:property-set colour red; config:property-set password itest-secret; config:update");

            // Everything arrives in the store from its journal cursor, and comes back out of a query.
            Instant to = Instant.now().plusSeconds(60);
            awaitUntil("the command's events are stored", 20, () -> store.events(EventQuery.between(from, to).withCorrelationId(command))
                    .items().stream().map(e -> e.event().type()).collect(Collectors.toSet())
                    .containsAll(Set.of(EventTypes.POLICY_ALLOWED, EventTypes.COMMAND_ISSUED, EventTypes.COMMAND_COMPLETED)));
            // the alarm engine's (source "alarms"), from the feed's points: the simulated device raises none of its own
            awaitUntil("the demo alarm is stored", 20, () -> store.events(EventQuery.between(from, to).withDevice("alarms")
                    .withType(EventTypes.ALARM_RAISED)).items().stream().anyMatch(e -> "power.2f.feeds".equals(e.event().data().get("device"))
                            && "power.redundancy-lost".equals(e.event().data().get("condition"))));

            awaitUntil("the audit trail holds the command, the refused log-in and the configuration change", 20, () -> {
                List<AuditEntry> audit = store.audit(AuditQuery.between(from, to).withLimit(1000)).items();
                return audit.stream().anyMatch(a -> a.kind().equals(EventTypes.COMMAND_COMPLETED) && a.user().equals("operator")
                                && a.channel().equals("SHELL") && a.device().equals("shutter.1f.counter-2"))
                        && audit.stream().anyMatch(a -> a.kind().equals(EventTypes.LOGIN_REFUSED) && a.user().equals("operator"))
                        && audit.stream().anyMatch(a -> a.kind().equals(EventTypes.CONFIG_CHANGED) && a.device().equals("dev.yakata.itest.record"));
            });
            List<AuditEntry> changes = store.audit(AuditQuery.between(from, to).withKind(EventTypes.CONFIG_CHANGED)
                    .withDevice("dev.yakata.itest.record")).items();
            assertTrue(changes.toString(), !changes.isEmpty() && changes.stream().noneMatch(a -> a.toString().contains("itest-secret")));

            // The operator's shell reads the record; the audit trail is for managers and administrators.
            String listed = runAs(operator, "yakata:event-list --no-format --last 10m --device shutter.1f.counter-2 --type command.");
            assertTrue(listed, listed.contains("command.completed"));
            assertTrue(runAs(manager, "yakata:audit-list --no-format --last 10m --user operator").contains("command.completed"));
            assertRefused(login("viewer", "viewer-demo"), "yakata:audit-list --last 10m");
            String verified = runAs(manager, "yakata:audit-verify");
            assertTrue(verified, verified.contains("INTACT"));

            // The CSV export: UTF-8 with a byte order mark, in the export folder, holding the command and the alarm.
            String exported = runAs(operator, "yakata:event-export --last 10m itest-record.csv");
            assertTrue(exported, exported.contains("events written to"));
            Path csv = Paths.get(System.getProperty("karaf.data"), "yakata", "exports", "itest-record.csv");
            byte[] bytes = Files.readAllBytes(csv);
            assertTrue("the export starts with a UTF-8 byte order mark", bytes.length > 3 && (bytes[0] & 0xff) == 0xEF
                    && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF);
            String text = new String(bytes, StandardCharsets.UTF_8);
            assertTrue(text, text.contains(command) && text.contains("power.redundancy-lost@power.2f.feeds"));
            String outside = assertRefusedExport(operator, "yakata:event-export --last 10m ../etc/users.properties");
            assertTrue(outside, outside.contains("export folder"));
        } finally {
            runAs(manager, "yakata:sim-fault --clear power.2f.feeds feed-a-loss");
            runAs(admin, "config:delete dev.yakata.itest.record");
        }
    }

    /**
     * Access control end to end in the real container: a simulated swipe at the server-room door (Level 3) is
     * decided, unlocks the door through the command policy, lands in the store's chained Level-3 record, and shows
     * in "who is inside" until the exit swipe; a card the policy keeps out is refused with its reason, recorded too.
     */
    @Test
    public void aServerRoomSwipeIsDecidedUnlocksTheDoorIsChainedInTheLevel3RecordAndShowsInsideUntilTheExit() throws Exception {
        awaitUntil("the store writes to its DataSource", 60, () -> store.status().connected());
        awaitUntil("the server-room door and access control are ONLINE", 60,
                () -> stateOf("door.2f.server-room") == DeviceState.ONLINE && stateOf("access") == DeviceState.ONLINE);
        Instant from = Instant.now().minusSeconds(1);
        Subject admin = login("admin", "admin-demo");
        Subject operator = login("operator", "operator-demo");
        BlockingQueue<Event> decisions = new LinkedBlockingQueue<>();
        BlockingQueue<Event> issued = new LinkedBlockingQueue<>();
        ServiceRegistration<EventListener> decided = listen("access.*", decisions::add);
        ServiceRegistration<EventListener> commands = listen(EventTypes.COMMAND_ISSUED, issued::add);
        try {
            // IT staff may enter the server room at any time.
            String swiped = runAs(admin, "yakata:device-command door.2f.server-room swipe card=staff-0107 reader=entry");
            assertTrue(swiped, swiped.contains("COMPLETED"));
            Event granted = awaitEvent(decisions, e -> e.type().equals(EventTypes.ACCESS_GRANTED) && "P0107".equals(e.data().get("person")));
            assertNotNull("the entry swipe was granted", granted);
            assertEquals("entry", granted.data().get("direction"));
            assertEquals(3L, ((Number) granted.data().get("level")).longValue());
            assertTrue(String.valueOf(granted.data().get("card")), PSEUDONYM.matcher(String.valueOf(granted.data().get("card"))).matches());
            Event unlock = awaitEvent(issued, e -> "door.2f.server-room".equals(e.source()) && "unlock".equals(e.data().get("action"))
                    && granted.correlationId().equals(e.correlationId()));
            assertNotNull("the grant unlocked the door, under the swipe's correlation id", unlock);
            assertEquals("access-control", unlock.data().get("user"));
            awaitUntil("the door is unlocked", 10, () -> Boolean.FALSE.equals(valueOf("door.2f.server-room", "locked")));

            // A member of staff without the IT group is kept out, and that is recorded too.
            runAs(admin, "yakata:device-command door.2f.server-room swipe card=staff-0163 reader=entry");
            Event denied = awaitEvent(decisions, e -> e.type().equals(EventTypes.ACCESS_DENIED) && "P0163".equals(e.data().get("person")));
            assertNotNull("staff without the IT group are refused the server room", denied);
            assertEquals("wrong-zone", denied.data().get("reason"));

            // Both are in the chained, signed Level-3 record, which verifies.
            Instant to = Instant.now().plusSeconds(60);
            awaitUntil("the Level-3 record holds the entry and the refusal", 20, () -> {
                List<AuditEntry> record = store.audit(AuditQuery.between(from, to).withChain("access").withLimit(100)).items();
                return record.stream().anyMatch(a -> a.user().equals("P0107") && a.outcome().equals("granted") && a.action().equals("entry"))
                        && record.stream().anyMatch(a -> a.user().equals("P0163") && a.outcome().equals("denied"));
            });
            assertTrue(store.verify("access").intact());
            String inside = runAs(operator, "yakata:access-inside");
            assertTrue(inside, inside.contains("P0107") && !inside.contains("P0163"));

            runAs(admin, "yakata:device-command door.2f.server-room swipe card=staff-0107 reader=exit");
            assertNotNull("the exit swipe was granted", awaitEvent(decisions, e -> e.type().equals(EventTypes.ACCESS_GRANTED)
                    && "P0107".equals(e.data().get("person")) && "exit".equals(e.data().get("direction"))));
            awaitUntil("nobody is inside after the exit", 10, () -> {
                try {
                    return !runAs(operator, "yakata:access-inside").contains("P0107");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            String verified = runAs(admin, "yakata:access-verify");
            assertTrue(verified, verified.contains("INTACT"));
            assertFalse("no card number in the record", store.audit(AuditQuery.between(from, to).withChain("access")).items()
                    .toString().contains("staff-0107"));
        } finally {
            decided.unregister();
            commands.unregister();
        }
    }

    /**
     * Door supervision is the hub's, for any protocol: a simulated door forced open and an MQTT door controller on the
     * test's Mosquitto whose contact opens while it reports the lock engaged each give the hub's door.forced, and
     * door.secured when they close again; the adapters themselves report only points.
     */
    @Test
    public void aDoorOpenedWhileLockedIsForcedAndOneLeftOpenIsHeldOpenForTheSimulatorAndAnMqttControllerAlike() throws Exception {
        awaitUntil("the records-room door and access control are ONLINE", 60,
                () -> stateOf("door.3f.records-room") == DeviceState.ONLINE && stateOf("access") == DeviceState.ONLINE);
        Subject manager = login("manager", "manager-demo");
        Path etc = Paths.get(System.getProperty("karaf.etc"));
        Path zones = etc.resolve("access/zones.cfg");
        String originalZones = Files.readString(zones, StandardCharsets.UTF_8);
        Path mqttDoor = etc.resolve("dev.yakata.device-itest.mqtt-door.cfg");
        String port = System.getProperty("yakata.itest.mqtt.port");
        BlockingQueue<Event> doors = new LinkedBlockingQueue<>();
        ServiceRegistration<EventListener> listener = listen("door.*", doors::add);
        try {
            runAs(manager, "yakata:sim-fault door.3f.records-room forced");
            Event forced = awaitEvent(doors, e -> e.type().equals(EventTypes.DOOR_FORCED) && e.source().equals("door.3f.records-room"));
            assertNotNull("the hub reports the simulated door forced", forced);
            assertEquals(Severity.ALARM, forced.severity());
            runAs(manager, "yakata:sim-fault --clear door.3f.records-room forced");
            assertNotNull("and secured when it closes", awaitEvent(doors, e -> e.type().equals(EventTypes.DOOR_SECURED)
                    && e.source().equals("door.3f.records-room")));

            // Someone passes and props the door: not forced (the lock was released), held open past its 2 s.
            Files.writeString(zones, originalZones.replaceFirst("(door door\\.3f\\.records-room[^\\n]*)held-open-seconds \\d+",
                    "$1held-open-seconds 2"), StandardCharsets.UTF_8);
            Thread.sleep(1_000); // within a second of the save the access files are enforced
            doors.clear();
            runAs(manager, "yakata:sim-fault door.3f.records-room held-open");
            Event heldOpen = awaitEvent(doors, e -> e.source().equals("door.3f.records-room")
                    && (e.type().equals(EventTypes.DOOR_HELD_OPEN) || e.type().equals(EventTypes.DOOR_FORCED)));
            assertNotNull("the hub reports the propped simulated door held open", heldOpen);
            assertEquals("a door opened through its released lock is held open, not forced", EventTypes.DOOR_HELD_OPEN, heldOpen.type());
            assertEquals(Severity.WARNING, heldOpen.severity());
            runAs(manager, "yakata:sim-fault --clear door.3f.records-room held-open");
            assertNotNull("and secured when it is pushed shut", awaitEvent(doors, e -> e.type().equals(EventTypes.DOOR_SECURED)
                    && e.source().equals("door.3f.records-room")));

            // An MQTT door controller the access files name, on the test's own broker.
            Files.writeString(zones, originalZones + "\ndoor itest.mqtt-door from hall to back-office-1f held-open-seconds 2\n",
                    StandardCharsets.UTF_8);
            mosquitto("mosquitto_pub", "-p", port, "-q", "1", "-r", "-t", "itest/doors/side/availability", "-m", "online");
            mosquitto("mosquitto_pub", "-p", port, "-q", "1", "-r", "-t", "itest/doors/side/state", "-m",
                    "{\"contact\": \"closed\", \"lock\": \"locked\"}");
            Files.writeString(mqttDoor, String.join("\n", "device.id = itest.mqtt-door", "device.type = door",
                    "device.profile = door", "adapter = mqtt", "name = Side door (MQTT)", "site = village-office",
                    "floor = 1F", "zone = L2", "mqtt.broker = tcp://127.0.0.1:" + port, "mqtt.contract = door-controller",
                    "mqtt.topic = itest/doors/side", "point.contact.kind = binary", "point.locked.kind = binary", ""),
                    StandardCharsets.UTF_8);
            awaitUntil("the MQTT door is ONLINE and closed", 30, () -> stateOf("itest.mqtt-door") == DeviceState.ONLINE
                    && Boolean.TRUE.equals(valueOf("itest.mqtt-door", "contact")));
            Thread.sleep(1_000); // the access files' reload has named the door
            mosquitto("mosquitto_pub", "-p", port, "-q", "1", "-r", "-t", "itest/doors/side/state", "-m",
                    "{\"contact\": \"open\", \"lock\": \"locked\"}");
            Event mqttForced = awaitEvent(doors, e -> e.type().equals(EventTypes.DOOR_FORCED) && e.source().equals("itest.mqtt-door"));
            assertNotNull("the hub reports the MQTT door forced from its points", mqttForced);
            mosquitto("mosquitto_pub", "-p", port, "-q", "1", "-r", "-t", "itest/doors/side/state", "-m",
                    "{\"contact\": \"closed\", \"lock\": \"locked\"}");
            assertNotNull("and secured", awaitEvent(doors, e -> e.type().equals(EventTypes.DOOR_SECURED) && e.source().equals("itest.mqtt-door")));

            // The controller reports its lock released and the door open, then the lock back while the door stays open.
            mosquitto("mosquitto_pub", "-p", port, "-q", "1", "-r", "-t", "itest/doors/side/state", "-m",
                    "{\"contact\": \"closed\", \"lock\": \"unlocked\"}");
            awaitUntil("the MQTT door reads unlocked", 10, () -> Boolean.FALSE.equals(valueOf("itest.mqtt-door", "locked")));
            doors.clear();
            mosquitto("mosquitto_pub", "-p", port, "-q", "1", "-r", "-t", "itest/doors/side/state", "-m",
                    "{\"contact\": \"open\", \"lock\": \"unlocked\"}");
            mosquitto("mosquitto_pub", "-p", port, "-q", "1", "-r", "-t", "itest/doors/side/state", "-m",
                    "{\"contact\": \"open\", \"lock\": \"locked\"}");
            Event mqttHeld = awaitEvent(doors, e -> e.source().equals("itest.mqtt-door")
                    && (e.type().equals(EventTypes.DOOR_HELD_OPEN) || e.type().equals(EventTypes.DOOR_FORCED)));
            assertNotNull("the hub reports the MQTT door held open from its points", mqttHeld);
            assertEquals(EventTypes.DOOR_HELD_OPEN, mqttHeld.type());
            mosquitto("mosquitto_pub", "-p", port, "-q", "1", "-r", "-t", "itest/doors/side/state", "-m",
                    "{\"contact\": \"closed\", \"lock\": \"locked\"}");
            assertNotNull("and secured once closed", awaitEvent(doors, e -> e.type().equals(EventTypes.DOOR_SECURED)
                    && e.source().equals("itest.mqtt-door")));
        } finally {
            listener.unregister();
            Files.deleteIfExists(mqttDoor);
            Files.writeString(zones, originalZones, StandardCharsets.UTF_8);
            mosquitto("mosquitto_pub", "-p", port, "-q", "1", "-r", "-n", "-t", "itest/doors/side/state");
            mosquitto("mosquitto_pub", "-p", port, "-q", "1", "-r", "-n", "-t", "itest/doors/side/availability");
        }
    }

    /**
     * Entrance CCTV in the real container: the demo's entrance cameras are ONVIF cameras (the simulator's, on
     * 127.0.0.1) driven by the onvif adapter; a denied swipe at the main entrance and a forced staff entrance each store
     * a real JPEG under data/yakata/snapshots, indexed by a camera.snapshot event in the store under the door event's
     * correlation id; an operator lists both with yakata:snapshot-list and a viewer is refused by the policy.
     */
    @Test
    public void anEntranceDoorEventStoresARealSnapshotLinkedByCorrelationWhichAnOperatorListsAndAViewerIsRefused() throws Exception {
        awaitUntil("the store writes to its DataSource", 60, () -> store.status().connected());
        List<String> needed = List.of("camera.1f.main-entrance", "camera.1f.staff-entrance", "door.1f.main-entrance",
                "door.1f.staff-entrance", "access", "snapshots");
        awaitUntil("the entrance cameras (ONVIF), doors, access control and snapshots are ONLINE", 60,
                () -> needed.stream().allMatch(id -> stateOf(id) == DeviceState.ONLINE));
        assertEquals("the cameras are the onvif adapter's", "onvif", registry.device("camera.1f.main-entrance")
                .map(d -> d.definition().adapterId()).orElse(""));
        Instant from = Instant.now().minusSeconds(1);
        Subject admin = login("admin", "admin-demo");
        Subject manager = login("manager", "manager-demo");
        Path etc = etc();
        Path zones = etc.resolve("access/zones.cfg");
        String originalZones = Files.readString(zones, StandardCharsets.UTF_8);
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        List<ServiceRegistration<EventListener>> listeners = List.of(listen("access.*", events::add),
                listen("door.*", events::add), listen("camera.*", events::add));
        try {
            // In opening hours the main entrance is free for passage (any card is let through): not during this test.
            Files.writeString(zones, originalZones.replaceFirst("(door door\\.1f\\.main-entrance[^\\n]*?)\\s*free-during \\S+", "$1"),
                    StandardCharsets.UTF_8);
            Thread.sleep(1_500); // within a second of the save the access files are enforced
            String swiped = runAs(admin, "yakata:device-command door.1f.main-entrance swipe card=itest-unknown-0000 reader=entry");
            assertTrue(swiped, swiped.contains("COMPLETED"));
            Event denied = awaitEvent(events, e -> e.type().equals(EventTypes.ACCESS_DENIED)
                    && "door.1f.main-entrance".equals(e.data().getOrDefault("door", e.source())));
            assertNotNull("the unknown card is refused at the main entrance", denied);
            Event deniedShot = awaitSnapshot(events, denied);
            assertEquals("camera.1f.main-entrance", deniedShot.data().get("camera"));
            assertEquals(denied.id(), deniedShot.data().get("doorEvent"));
            assertStoredJpeg(deniedShot);

            awaitUntil("the staff entrance is locked", 30, () -> Boolean.TRUE.equals(valueOf("door.1f.staff-entrance", "locked")));
            runAs(manager, "yakata:sim-fault door.1f.staff-entrance forced");
            Event forced = awaitEvent(events, e -> e.type().equals(EventTypes.DOOR_FORCED) && e.source().equals("door.1f.staff-entrance"));
            assertNotNull("the staff entrance is forced", forced);
            runAs(manager, "yakata:sim-fault --clear door.1f.staff-entrance forced");
            Event forcedShot = awaitSnapshot(events, forced);
            assertEquals("camera.1f.staff-entrance", forcedShot.data().get("camera"));
            assertStoredJpeg(forcedShot);

            // Attached to the door event: the store gives the snapshot back under the door event's correlation id.
            String correlation = denied.correlationId().isEmpty() ? denied.id() : denied.correlationId();
            awaitUntil("the store has the denied swipe and its snapshot under one correlation id", 20, () -> store.events(
                    EventQuery.between(from, Instant.now().plusSeconds(60)).withCorrelationId(correlation).withLimit(50)).items()
                    .stream().map(stored -> stored.event().type()).collect(Collectors.toSet())
                    .containsAll(Set.of(EventTypes.ACCESS_DENIED, "camera.snapshot")));

            String listed = runAs(login("operator", "operator-demo"), "yakata:snapshot-list --last 1d");
            assertTrue(listed, listed.contains(deniedShot.subject()) && listed.contains(forcedShot.subject()));
            String refused = runAs(login("viewer", "viewer-demo"), "yakata:snapshot-list --last 1d");
            assertTrue(refused, refused.contains("REJECTED") && !refused.contains(deniedShot.subject()));
        } finally {
            listeners.forEach(ServiceRegistration::unregister);
            Files.writeString(zones, originalZones, StandardCharsets.UTF_8);
            runAs(manager, "yakata:sim-fault --clear door.1f.staff-entrance forced");
        }
    }

    /** The camera.snapshot of a door event (same correlation), or the reason of its camera.snapshot-failed. */
    private static Event awaitSnapshot(BlockingQueue<Event> events, Event door) throws InterruptedException {
        String correlation = door.correlationId().isEmpty() ? door.id() : door.correlationId();
        Event outcome = awaitEvent(events, e -> (e.type().equals("camera.snapshot") || e.type().equals("camera.snapshot-failed"))
                && e.correlationId().equals(correlation) && door.id().equals(e.data().get("doorEvent")));
        assertNotNull("no snapshot for " + door.type() + " " + door.id(), outcome);
        assertEquals("snapshot failed: " + outcome.data().get("reason"), "camera.snapshot", outcome.type());
        return outcome;
    }

    /** The picture is on disk under data/yakata/snapshots, whole: a JPEG of the size and SHA-256 its event names. */
    private static void assertStoredJpeg(Event snapshot) throws Exception {
        Path file = Paths.get(System.getProperty("karaf.data"), "yakata", "snapshots").resolve(String.valueOf(snapshot.data().get("file")));
        byte[] jpeg = Files.readAllBytes(file);
        assertEquals(((Number) snapshot.data().get("bytes")).longValue(), jpeg.length);
        assertTrue(file + " is a JPEG", jpeg.length > 100 && (jpeg[0] & 0xFF) == 0xFF && (jpeg[1] & 0xFF) == 0xD8
                && (jpeg[jpeg.length - 2] & 0xFF) == 0xFF && (jpeg[jpeg.length - 1] & 0xFF) == 0xD9);
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(jpeg));
        assertEquals(snapshot.data().get("sha256"), sha);
    }

    @Test
    public void theFirePanelsAlarmReleasesTheWaysOutAndRecordsItWhileTheLevel3RoomsStayLocked() throws Exception {
        awaitUntil("the fire panel, the 3F back-office door and access control are ONLINE", 60,
                () -> stateOf("fire.1f.panel") == DeviceState.ONLINE && stateOf("door.3f.back-office") == DeviceState.ONLINE
                        && stateOf("access") == DeviceState.ONLINE);
        awaitUntil("the 3F back-office door is locked", 30, () -> Boolean.TRUE.equals(valueOf("door.3f.back-office", "locked")));
        Subject manager = login("manager", "manager-demo");
        BlockingQueue<Event> fire = new LinkedBlockingQueue<>();
        ServiceRegistration<EventListener> listener = listen("access.fire-release", fire::add);
        try {
            runAs(manager, "yakata:sim-fault fire.1f.panel fire");
            Event active = awaitEvent(fire, e -> "active".equals(e.data().get("state")));
            assertNotNull("the hub records the fire release", active);
            assertEquals(Severity.CRITICAL, active.severity());
            assertTrue("the release names the 3F back-office door: " + active.data(),
                    String.valueOf(active.data().get("doors")).contains("door.3f.back-office"));
            awaitUntil("the released door is unlocked", 15, () -> Boolean.FALSE.equals(valueOf("door.3f.back-office", "locked")));
            assertEquals("a Level-3 door the release does not name stays locked", Boolean.TRUE, valueOf("door.3f.records-room", "locked"));

            runAs(manager, "yakata:sim-fault --clear fire.1f.panel fire");
            assertNotNull("the end of the release is recorded", awaitEvent(fire, e -> "cleared".equals(e.data().get("state"))));
            awaitUntil("the released door is locked again", 15, () -> Boolean.TRUE.equals(valueOf("door.3f.back-office", "locked")));
        } finally {
            listener.unregister();
            runAs(manager, "yakata:sim-fault --clear fire.1f.panel fire");
        }
    }

    @Test
    public void closingTimeOnTheDemoBuildingClosesEveryCounterShutterLocksTheLevel2DoorsAndIsAudited() throws Exception {
        List<String> shutters = List.of("shutter.1f.counter-1", "shutter.1f.counter-2", "shutter.1f.counter-3", "shutter.1f.counter-4");
        awaitUntil("the shutters, their supervision and the postures are ONLINE", 60, () -> stateOf("postures") == DeviceState.ONLINE
                && stateOf("shutters") == DeviceState.ONLINE && shutters.stream().allMatch(id -> stateOf(id) == DeviceState.ONLINE));
        Subject manager = login("manager", "manager-demo");
        BlockingQueue<Event> postures = new LinkedBlockingQueue<>();
        BlockingQueue<Event> issued = new LinkedBlockingQueue<>();
        ServiceRegistration<EventListener> postureEvents = listen("posture.*", postures::add);
        ServiceRegistration<EventListener> commands = listen(EventTypes.COMMAND_ISSUED, issued::add);
        try {
            for (String id : shutters) { // open them first, so closing time has something to do
                runAs(manager, "yakata:device-command --reason itest-open " + id + " open");
            }
            awaitUntil("every counter shutter is open", 60, () -> shutters.stream().allMatch(id -> Boolean.FALSE.equals(valueOf(id, "closed"))));

            String preview = runAs(manager, "yakata:posture-preview closing-time");
            java.util.regex.Matcher token = Pattern.compile("--token ([0-9a-f]+)").matcher(preview);
            assertTrue("the preview gives a token: " + preview, token.find());
            String run = runAs(manager, "yakata:posture-run --reason itest-closing --token " + token.group(1) + " closing-time");
            Event finished = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (finished == null && System.nanoTime() < deadline) {
                Event event = postures.poll(200, TimeUnit.MILLISECONDS);
                if (event != null && event.type().equals("posture.finished")) {
                    finished = event;
                }
            }
            assertNotNull("closing time ends with its summary: " + run, finished);
            assertEquals("every command of a manager's closing time is done: " + finished.data(),
                    finished.data().get("commands"), finished.data().get("done"));
            for (String id : shutters) {
                assertEquals(id + " is CLOSED", Boolean.TRUE, valueOf(id, "closed"));
            }
            List<String> level2Doors = registry.devices().stream()
                    .filter(d -> "door".equals(d.definition().type()) && "L2".equals(d.definition().zone())).map(DeviceInfo::id).sorted().toList();
            assertFalse("the demo has Level-2 doors", level2Doors.isEmpty());
            // the simulator swipes at a Level-2 door now and then, and access control unlocks it for 5 s
            awaitUntil("every Level-2 door is locked: " + level2Doors, 15,
                    () -> level2Doors.stream().allMatch(id -> Boolean.TRUE.equals(valueOf(id, "locked"))));

            // Audited: each step is the manager's own command, with the run's correlation id, and lands in the store.
            String runId = finished.correlationId();
            List<Event> steps = new java.util.ArrayList<>();
            issued.drainTo(steps);
            List<String> closed = steps.stream().filter(e -> runId.equals(e.correlationId()) && "close".equals(e.data().get("action")))
                    .map(Event::source).sorted().toList();
            assertEquals("each shutter's close was issued as part of the run", shutters, closed);
            assertTrue(steps.stream().filter(e -> runId.equals(e.correlationId())).allMatch(e -> "manager".equals(e.data().get("user"))));
            Instant since = Instant.now().minusSeconds(300);
            awaitUntil("each shutter's close by the posture is in the operator audit trail", 30, () -> store.audit(
                    AuditQuery.between(since, Instant.now().plusSeconds(5)).withUser("manager").withLimit(1000)).items().stream()
                    .filter(a -> "close".equals(a.action()) && a.reason().contains("closing-time") && shutters.contains(a.device()))
                    .map(AuditEntry::device).distinct().count() == shutters.size());
        } finally {
            postureEvents.unregister();
            commands.unregister();
        }
    }

    @Test
    public void losingOneFeedOf2FRaisesRedundancyLostAndLosingBothTheUrgentAlarm() throws Exception {
        awaitUntil("the 2F feeds and the alarm engine are ONLINE", 60,
                () -> stateOf("power.2f.feeds") == DeviceState.ONLINE && stateOf("alarms") == DeviceState.ONLINE);
        Subject manager = login("manager", "manager-demo");
        BlockingQueue<Event> alarms = new LinkedBlockingQueue<>();
        ServiceRegistration<EventListener> listener = listen("alarm.*", alarms::add);
        try {
            runAs(manager, "yakata:sim-fault power.2f.feeds feed-a-loss");
            Event lost = awaitEvent(alarms, e -> e.type().equals(EventTypes.ALARM_RAISED) && "alarms".equals(e.source())
                    && String.valueOf(e.subject()).startsWith("power.redundancy-lost@power.2f.feeds"));
            assertNotNull("feed A lost on 2F raises redundancy-lost", lost);
            assertEquals("high", lost.data().get("priority"));
            runAs(manager, "yakata:sim-fault power.2f.feeds feed-b-loss");
            Event both = awaitEvent(alarms, e -> e.type().equals(EventTypes.ALARM_RAISED) && "alarms".equals(e.source())
                    && String.valueOf(e.subject()).startsWith("power.feeds-lost@power.2f.feeds"));
            assertNotNull("both feeds lost raise the higher alarm", both);
            assertEquals("urgent", both.data().get("priority"));
        } finally {
            listener.unregister();
            runAs(manager, "yakata:sim-fault --clear power.2f.feeds feed-b-loss");
            runAs(manager, "yakata:sim-fault --clear power.2f.feeds feed-a-loss");
        }
    }

    @Test
    public void aShutterWhoseFeedbackNeverComesGoesFaultWithAnAlarmWhichReturnsAfterTheReset() throws Exception {
        String shutter = "shutter.1f.counter-3";
        String alarm = "shutter.fault@" + shutter;
        awaitUntil("the shutter, its supervision and the alarm engine are ONLINE", 60, () -> stateOf(shutter) == DeviceState.ONLINE
                && stateOf("shutters") == DeviceState.ONLINE && stateOf("alarms") == DeviceState.ONLINE);
        Subject operator = login("operator", "operator-demo");
        Subject manager = login("manager", "manager-demo");
        runAs(operator, "yakata:shutter-open --reason itest-open " + shutter);
        awaitUntil(shutter + " is open", 60, () -> Boolean.FALSE.equals(valueOf(shutter, "closed"))
                && "OPEN".equals(valueOf(shutter, "state")));
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        ServiceRegistration<EventListener> listener = listen("*", e -> {
            if (shutter.equals(e.source()) || alarm.equals(e.subject())) {
                events.add(e);
            }
        });
        try {
            runAs(manager, "yakata:sim-fault " + shutter + " stuck"); // the motor takes commands and never moves
            long closing = System.nanoTime();
            String close = runAs(operator, "yakata:shutter-close --reason itest-close " + shutter);
            // the hub's supervision: no feedback within shutter.travelSeconds (12 s in the demo) puts it in FAULT
            Event fault = awaitEvent(events, e -> "shutter.state".equals(e.type()) && "FAULT".equals(e.data().get("state")), 45);
            assertNotNull("the unanswered close puts the shutter in FAULT (close printed: " + close + ")", fault);
            long faultMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
            assertEquals("no-feedback", fault.data().get("reason"));
            assertTrue("FAULT after the travel time, not before: " + faultMillis + " ms", faultMillis >= 11_000);
            Event raised = awaitEvent(events, e -> EventTypes.ALARM_RAISED.equals(e.type()) && "alarms".equals(e.source()), 15);
            assertNotNull("the FAULT raises the shutter's alarm", raised);
            assertEquals("medium", raised.data().get("priority"));
            String list = runAs(operator, "yakata:alarm-list");
            assertTrue(list, list.lines().anyMatch(l -> l.contains(alarm) && l.contains("ACTIVE_UNACKED")));
            String refused = runAs(operator, "yakata:shutter-close --reason itest-again " + shutter);
            assertTrue("a shutter in FAULT takes no close: " + refused, refused.contains("FAULT"));

            runAs(manager, "yakata:sim-fault --clear " + shutter + " stuck");
            String reset = runAs(operator, "yakata:shutter-reset --reason \"motor checked, limit switch cleaned\" " + shutter);
            Event back = awaitEvent(events, e -> "shutter.state".equals(e.type()) && "reset".equals(e.data().get("reason")), 15);
            assertNotNull("the reset puts the shutter back to what its points say (reset printed: " + reset + ")", back);
            assertTrue(back.data().toString(), !"FAULT".equals(back.data().get("state")));
            assertNotNull("the alarm returns once the shutter is out of FAULT", awaitEvent(events,
                    e -> EventTypes.ALARM_RETURNED.equals(e.type()) && "RETURNED_UNACKED".equals(e.data().get("state")), 15));
            runAs(operator, "yakata:alarm-ack " + alarm + " shutter inspected and reset");
            assertNotNull("acknowledged, it is NORMAL", awaitEvent(events,
                    e -> EventTypes.ALARM_ACKNOWLEDGED.equals(e.type()) && "NORMAL".equals(e.data().get("state"))
                            && "operator".equals(e.data().get("user")), 15));
            assertFalse(runAs(operator, "yakata:alarm-list").contains(alarm));
        } finally {
            listener.unregister();
            runAs(manager, "yakata:sim-fault --clear " + shutter + " stuck");
        }
    }

    private Object valueOf(String deviceId, String point) {
        PointValue value = registry.values(deviceId).get(point);
        return value == null ? null : value.value();
    }

    @Test
    public void anUnreachableDatabaseIsReportedNamingItsFileWhileEventsFlowAndTheStoreCatchesUpWhenItReturns() throws Exception {
        awaitUntil("the store writes to its DataSource", 60, () -> store.status().connected());
        Path cfg = Paths.get(System.getProperty("karaf.etc"), "org.ops4j.datasource-yakata.cfg");
        String original = Files.readString(cfg, StandardCharsets.UTF_8);
        Instant from = Instant.now().minusSeconds(1);
        BlockingQueue<Event> delivered = new LinkedBlockingQueue<>();
        ServiceRegistration<EventListener> listener = listen("itest.outage", delivered::add);
        try {
            // A PostgreSQL nobody listens on: pax-jdbc-config builds the pool at once (initializationFailTimeout -1),
            // and every connection the store asks for fails.
            Files.writeString(cfg, String.join("\n", "osgi.jdbc.driver.name = PostgreSQL JDBC Driver",
                    "url = jdbc:postgresql://127.0.0.1:" + freePort() + "/yakata", "user = yakata", "password = itest-wrong",
                    "dataSourceName = yakata", "pool = hikari", "xa = false", "hikari.connectionTimeout = 2000",
                    "hikari.initializationFailTimeout = -1", ""), StandardCharsets.UTF_8);
            awaitUntil("the store reports the database down, naming its file", 60, () -> !store.status().connected()
                    && store.status().reason().contains("org.ops4j.datasource-yakata.cfg"));
            for (int i = 0; i < 5; i++) {
                bus.publish(Event.builder("itest.outage", "itest").data(Map.of("n", i)).build());
            }
            for (int i = 0; i < 5; i++) {
                assertNotNull("control events keep flowing to the other consumers while the store cannot write",
                        delivered.poll(5, TimeUnit.SECONDS));
            }
            assertTrue(store.status().journalLag() >= 5);
        } finally {
            listener.unregister();
            Files.writeString(cfg, original, StandardCharsets.UTF_8);
        }
        awaitUntil("the store writes again once its database is back", 60, () -> store.status().connected());
        awaitUntil("the events published during the outage are stored, in order", 60, () -> {
            List<Object> stored = store.events(EventQuery.between(from, Instant.now().plusSeconds(60)).withType("itest.outage"))
                    .items().stream().map(e -> e.event().data().get("n")).collect(Collectors.toList());
            return stored.equals(List.of(0L, 1L, 2L, 3L, 4L));
        });
        // The store's own events are stored like any other, a write round after they are published.
        Instant to = Instant.now().plusSeconds(60);
        awaitUntil("the store's outage and recovery are in the record", 20, () -> {
            List<String> outage = store.events(EventQuery.between(from, to).withDevice("store")).items().stream()
                    .map(e -> e.event().type()).collect(Collectors.toList());
            return outage.contains(EventTypes.STORE_UNAVAILABLE) && outage.contains(EventTypes.STORE_RECOVERED);
        });
    }

    /** Runs an export that the store must refuse; returns the refusal. */
    private String assertRefusedExport(Subject who, String commandLine) {
        try {
            String output = runAs(who, commandLine);
            fail(commandLine + " must be refused; it printed: " + output);
            return output;
        } catch (Exception e) {
            return String.valueOf(e);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private ServiceRegistration<EventListener> listen(String types, EventListener listener) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(EventListener.EVENT_TYPES, types);
        return context.registerService(EventListener.class, listener, properties);
    }

    private static Event awaitEvent(BlockingQueue<Event> queue, Predicate<Event> wanted) throws InterruptedException {
        return awaitEvent(queue, wanted, 15);
    }

    private static Event awaitEvent(BlockingQueue<Event> queue, Predicate<Event> wanted, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Event event = queue.poll(200, TimeUnit.MILLISECONDS);
            if (event != null && wanted.test(event)) {
                return event;
            }
        }
        return null;
    }

    /** The status of the first registry entry with this id; unlike registry.device(), it also finds broken files. */
    private Optional<DeviceStatus> statusOf(String deviceId) {
        return registry.devices().stream().filter(d -> d.id().equals(deviceId)).map(DeviceInfo::status).findFirst();
    }

    private DeviceState stateOf(String deviceId) {
        return statusOf(deviceId).map(DeviceStatus::state).orElse(DeviceState.UNKNOWN);
    }

    private String statusReason(String deviceId) {
        return statusOf(deviceId).map(DeviceStatus::reason).orElse("");
    }

    /**
     * Waits until the boot features are wholly provisioned: every bundle that is not a fragment ACTIVE. The demo's
     * devices come ONLINE before Karaf has started the features' conditional shell bundles, and a hot-plug test that
     * began then would count their first start as a disturbance.
     */
    private void awaitBootSettled() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!notActive().isEmpty()) {
            if (System.nanoTime() > deadline) {
                fail("the boot features were not provisioned within 90 s; not ACTIVE: " + notActive());
            }
            Thread.sleep(100);
        }
    }

    private List<String> notActive() {
        List<String> waiting = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() != Bundle.ACTIVE && bundle.getHeaders().get(org.osgi.framework.Constants.FRAGMENT_HOST) == null) {
                waiting.add(bundle.getSymbolicName() + " " + bundle.getState());
            }
        }
        return waiting;
    }

    private Map<Long, String> bundleStates() {
        Map<Long, String> states = new HashMap<>();
        for (Bundle bundle : context.getBundles()) {
            states.put(bundle.getBundleId(), bundle.getSymbolicName() + " state=" + bundle.getState() + " modified=" + bundle.getLastModified());
        }
        return states;
    }

    private static String bundleEventName(int type) {
        switch (type) {
            case BundleEvent.INSTALLED: return "INSTALLED";
            case BundleEvent.RESOLVED: return "RESOLVED";
            case BundleEvent.STARTING: return "STARTING";
            case BundleEvent.STARTED: return "STARTED";
            case BundleEvent.STOPPING: return "STOPPING";
            case BundleEvent.STOPPED: return "STOPPED";
            case BundleEvent.UPDATED: return "UPDATED";
            case BundleEvent.UNRESOLVED: return "UNRESOLVED";
            case BundleEvent.UNINSTALLED: return "UNINSTALLED";
            default: return "event " + type;
        }
    }

    private void awaitUntil(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + seconds + " s waiting until " + what + ". Devices: "
                        + registry.devices().stream().map(d -> d.id() + "=" + d.status()).collect(Collectors.joining("; ")));
            }
            Thread.sleep(50);
        }
    }
}
