package dev.yakata.adapter.opcua;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.yakata.adapter.opcua.client.ClientSettings;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.junit.Test;

public class ClientSettingsTest {

    private static Map<String, String> keys(String... keyValues) {
        Map<String, String> map = new HashMap<>(Map.of("opcua.endpoint", "opc.tcp://10.0.4.20:4840"));
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static String error(Map<String, String> keys) {
        return assertThrows(IllegalArgumentException.class, () -> ClientSettings.parse(keys)).getMessage();
    }

    @Test
    public void defaultsAreAnAnonymousUnsecuredSessionSampledEvery500Millis() {
        ClientSettings settings = ClientSettings.parse(keys());
        assertEquals(SecurityPolicy.None, settings.securityPolicy());
        assertEquals(MessageSecurityMode.None, settings.securityMode());
        assertEquals(500.0, settings.samplingIntervalMillis(), 0);
        assertEquals(500.0, settings.publishingIntervalMillis(), 0);
        assertEquals(1, settings.queueSize());
        assertTrue(settings.actions().isEmpty());
    }

    @Test
    public void aRefusedLogInWaitsFiveMinutesFirstAndAtMostAnHourWhileNetworkFailuresWaitOneTo30Seconds() {
        ClientSettings settings = ClientSettings.parse(keys());
        assertEquals(1000, settings.reconnectMinMillis());
        assertEquals(30_000, settings.reconnectMaxMillis());
        assertEquals(300_000, settings.authRetryMinMillis());
        assertEquals(3_600_000, settings.authRetryMaxMillis());
    }

    @Test
    public void basic256Sha256DefaultsToSignAndEncryptAndTheToStringHidesThePassword() {
        ClientSettings settings = ClientSettings.parse(keys("opcua.securityPolicy", "Basic256Sha256",
                "opcua.username", "bms", "opcua.password", "secret"));
        assertEquals(MessageSecurityMode.SignAndEncrypt, settings.securityMode());
        assertTrue(settings.toString(), !settings.toString().contains("secret"));
    }

    @Test
    public void anActionNamesItsObjectMethodAndTypedArguments() {
        ClientSettings settings = ClientSettings.parse(keys("opcua.action.close.object", "ns=2;s=Shutter1",
                "opcua.action.close.method", "ns=2;s=Shutter1.Close", "opcua.action.close.arguments", "speed:Double"));
        ClientSettings.MethodAction close = settings.actions().get("close");
        assertEquals("ns=2;s=Shutter1.Close", close.methodId().toParseableString());
        assertEquals(new ClientSettings.Argument("speed", "Double"), close.arguments().get(0));
    }

    @Test
    public void badKeysAreRefusedWithTheKeyAndTheFix() {
        assertTrue(error(Map.of()).contains("opcua.endpoint is missing"));
        assertTrue(error(keys("opcua.endpoint", "http://x")).contains("must start with opc.tcp://"));
        assertTrue(error(keys("opcua.securityPolicy", "Aes256")).contains("use None or Basic256Sha256"));
        assertTrue(error(keys("opcua.securityMode", "Sign")).contains("does not go with opcua.securityPolicy"));
        assertTrue(error(keys("opcua.password", "x")).contains("without opcua.username"));
        assertTrue(error(keys("opcua.samplingIntervalMillis", "fast")).contains("is not a number"));
        assertTrue(error(keys("opcua.action.close.method", "ns=2;s=X")).contains("opcua.action.close.object is missing"));
        assertTrue(error(keys("opcua.action.close.object", "Shutter1", "opcua.action.close.method", "ns=2;s=X"))
                .contains("is not a node id"));
        assertTrue(error(keys("opcua.action.close", "x")).contains("is not understood"));
    }
}
