package dev.yakata.adapter.simulator.onvif;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.yakata.adapter.simulator.SimulatorAdapterAccess;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The demo's simulated ONVIF camera as its file configures it, and its faults through the simulator's injector. */
public class SimulatedOnvifCameraTest {

    private static final String FILE = "file:/opt/yakata/etc/dev.yakata.simulator.camera-main-entrance.cfg";
    private static final String GET_TIME = "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>"
            + "<GetSystemDateAndTime xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/></s:Body></s:Envelope>";

    private static SimulatedOnvifCamera.Config config(Map<String, Object> values) {
        return (SimulatedOnvifCamera.Config) Proxy.newProxyInstance(SimulatedOnvifCamera.Config.class.getClassLoader(),
                new Class<?>[] {SimulatedOnvifCamera.Config.class}, (proxy, method, args) ->
                        values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue());
    }

    private static Map<String, Object> good(int port) {
        Map<String, Object> values = new HashMap<>();
        values.put("camera", "camera.1f.main-entrance");
        values.put("port", port);
        values.put("user", "yakata-demo");
        values.put("password", "camera-demo");
        return values;
    }

    private static SimulatedOnvifCamera start(Map<String, Object> values) throws Exception {
        return new SimulatedOnvifCamera(config(values), Map.of("felix.fileinstall.filename", FILE));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static HttpResponse<String> getTime(String url, Duration timeout) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/soap+xml").POST(HttpRequest.BodyPublishers.ofString(GET_TIME)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    public void theCameraServesOnvifOnTheConfiguredLoopbackPortAndTakesItsFaultsThroughTheInjector() throws Exception {
        int port = freePort();
        SimulatedOnvifCamera camera = start(good(port));
        SimulatorAdapterAccess simulator = new SimulatorAdapterAccess();
        try {
            assertEquals("http://127.0.0.1:" + port + "/onvif/device_service", camera.deviceUrl());
            HttpResponse<String> time = getTime(camera.deviceUrl(), Duration.ofSeconds(5));
            assertEquals(200, time.statusCode());
            assertTrue(time.body(), time.body().contains("GetSystemDateAndTimeResponse"));

            simulator.bind(camera);
            assertTrue(simulator.adapter().simulatedDevices().contains("camera.1f.main-entrance"));
            assertEquals(List.of("tamper", "unresponsive"), simulator.adapter().faults("camera.1f.main-entrance"));
            simulator.adapter().inject("camera.1f.main-entrance", "unresponsive");
            assertEquals(List.of("unresponsive"), simulator.adapter().activeFaults("camera.1f.main-entrance"));
            try {
                getTime(camera.deviceUrl(), Duration.ofMillis(500));
                fail("an unresponsive camera answered");
            } catch (HttpTimeoutException expected) {
                // accepted the connection and never answered, as a hung camera does
            }
            simulator.adapter().clear("camera.1f.main-entrance", "unresponsive");
            assertEquals(200, getTime(camera.deviceUrl(), Duration.ofSeconds(5)).statusCode());
            try {
                simulator.adapter().inject("camera.1f.main-entrance", "forced");
                fail("a door's fault on a camera");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("valid faults: tamper, unresponsive"));
            }
        } finally {
            camera.deactivate();
        }
    }

    @Test
    public void aBadFileIsRefusedNamingTheFileTheKeyAndTheFix() throws Exception {
        Map<String, Object> noPassword = good(freePort());
        noPassword.remove("password");
        assertRefused(noPassword, "simulated camera etc/dev.yakata.simulator.camera-main-entrance.cfg: no password; write password = ");
        Map<String, Object> lowPort = good(80);
        assertRefused(lowPort, "port 80 is not a port from 1024 to 65535");
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertRefused(good(taken.getLocalPort()), "port " + taken.getLocalPort() + " on 127.0.0.1 is taken");
        }
        Map<String, Object> colour = good(freePort());
        colour.put("colour", "blue");
        assertRefused(colour, "colour 'blue' is not hexadecimal RGB");
    }

    private static void assertRefused(Map<String, Object> values, String expected) throws Exception {
        try {
            start(values).deactivate();
            fail("accepted " + values);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
        }
    }
}
