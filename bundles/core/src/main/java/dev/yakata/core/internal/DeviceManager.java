package dev.yakata.core.internal;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.core.model.DeviceConfigParser;
import dev.yakata.api.command.Command;
import dev.yakata.api.command.CommandOutcome;
import dev.yakata.api.device.PointValue;
import dev.yakata.core.api.DeviceInfo;
import dev.yakata.core.api.CommandPolicy;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.core.api.Pseudonyms;
import dev.yakata.bus.api.EventBus;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OSGi face of the {@link DeviceLifecycle}: device configurations arrive from ConfigAdmin (factory PID
 * {@code dev.yakata.device}), adapters from the service registry, and the registry is offered as a service.
 */
@Component(service = DeviceRegistry.class, immediate = true, configurationPid = "dev.yakata.core")
@Designate(ocd = DeviceManager.Config.class)
public final class DeviceManager implements DeviceRegistry {

    @ObjectClassDefinition(name = "Yakata core", description = "Device lifecycle time limits and budgets")
    public @interface Config {
        @AttributeDefinition(description = "How long an adapter may take to open a device before it is FAULT")
        long openTimeoutMillis() default 5_000;

        @AttributeDefinition(description = "How long an adapter may take to close a device")
        long closeTimeoutMillis() default 5_000;

        @AttributeDefinition(description = "How long a command may take before it is TIMED_OUT")
        long commandTimeoutMillis() default 30_000;

        @AttributeDefinition(description = "Values and events one device may publish per second before it is FAULT")
        int maxEventsPerSecondPerDevice() default 2_000;

        @AttributeDefinition(description = "How long a device waits for an adapter that was never installed before it is FAULT")
        int adapterWaitSeconds() default 10;
    }

    private static final Logger LOG = LoggerFactory.getLogger(DeviceManager.class);

    private final DeviceLifecycle lifecycle;
    private final ServiceRegistration<ManagedServiceFactory> configRegistration;

    @Activate
    public DeviceManager(@Reference EventBus bus, @Reference CommandPolicy policy, @Reference Pseudonyms pseudonyms,
            Config config, BundleContext context) {
        lifecycle = new DeviceLifecycle(bus, new CoreSettings(config.openTimeoutMillis(), config.closeTimeoutMillis(),
                config.commandTimeoutMillis(), config.maxEventsPerSecondPerDevice(), config.adapterWaitSeconds()),
                policy, pseudonyms);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_PID, DeviceConfigParser.FACTORY_PID);
        properties.put(Constants.SERVICE_DESCRIPTION, "Yakata device configurations");
        configRegistration = context.registerService(ManagedServiceFactory.class, new DeviceConfigurations(), properties);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        configRegistration.unregister();
        lifecycle.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAdapter(DeviceAdapter adapter, Map<String, Object> properties) {
        String id = adapterId(adapter, properties);
        if (id != null) {
            lifecycle.adapterAdded(id, adapter);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addInterlock(dev.yakata.core.api.CommandInterlock interlock) {
        lifecycle.interlockAdded(interlock);
    }

    void removeInterlock(dev.yakata.core.api.CommandInterlock interlock) {
        lifecycle.interlockRemoved(interlock);
    }

    void removeAdapter(DeviceAdapter adapter, Map<String, Object> properties) {
        String id = adapterId(adapter, properties);
        if (id != null) {
            lifecycle.adapterRemoved(id, adapter);
        }
    }

    private static String adapterId(DeviceAdapter adapter, Map<String, Object> properties) {
        Object id = properties.get(DeviceAdapter.ADAPTER_ID);
        if (!(id instanceof String) || ((String) id).isBlank()) {
            LOG.error("Adapter service {} has no '{}' property; it is ignored. Register it with {}=<id>",
                    adapter.getClass().getName(), DeviceAdapter.ADAPTER_ID, DeviceAdapter.ADAPTER_ID);
            return null;
        }
        return (String) id;
    }

    @Override
    public List<DeviceInfo> devices() {
        return lifecycle.devices();
    }

    @Override
    public Optional<DeviceInfo> device(String deviceId) {
        return lifecycle.device(deviceId);
    }

    @Override
    public Map<String, PointValue> values(String deviceId) {
        return lifecycle.values(deviceId);
    }

    @Override
    public CompletionStage<CommandOutcome> submit(Command command) {
        return lifecycle.submit(command);
    }

    @Override
    public dev.yakata.core.api.CommandCheck check(Command command) {
        return lifecycle.check(command);
    }

    /** ConfigAdmin calls this on its own thread; the lifecycle takes over from there. */
    private final class DeviceConfigurations implements ManagedServiceFactory {

        @Override
        public String getName() {
            return "Yakata devices";
        }

        @Override
        public void updated(String pid, Dictionary<String, ?> properties) {
            Map<String, Object> map = new HashMap<>();
            for (String key : Collections.list(properties.keys())) {
                map.put(key, properties.get(key));
            }
            lifecycle.configUpdated(pid, map);
        }

        @Override
        public void deleted(String pid) {
            lifecycle.configDeleted(pid);
        }
    }
}
