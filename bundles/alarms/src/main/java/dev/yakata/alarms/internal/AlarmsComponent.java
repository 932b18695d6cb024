package dev.yakata.alarms.internal;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.event.EventListener;
import dev.yakata.bus.api.EventBus;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.core.api.ProfileRegistry;
import dev.yakata.store.api.EventStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The alarm engine as a DS component ({@code etc/dev.yakata.alarms.cfg}, optional). It registers the bus listener
 * (every event: point changes decide point conditions, the others event conditions; a queue of {@value #QUEUE}) and
 * the adapter {@code alarms}. The event store is optional and dynamic: the rebuild at start waits for it a little,
 * and history and load say so without it. A change of configuration restarts the component, which rebuilds the
 * alarms from the record.
 */
@Component(service = {}, immediate = true, configurationPid = AlarmSettings.PID)
@Designate(ocd = AlarmOptions.class)
public final class AlarmsComponent {

    static final int QUEUE = 65_536;

    private final AlarmsRuntime runtime;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    public AlarmsComponent(@Reference EventBus bus, @Reference DeviceRegistry registry,
            @Reference ProfileRegistry profiles, AlarmOptions options, BundleContext context) {
        AlarmSettings settings = AlarmSettings.from(options, context::getProperty);
        runtime = new AlarmsRuntime(settings, bus, registry, profiles, Clock.systemUTC());
        Dictionary<String, Object> listener = new Hashtable<>();
        listener.put(EventListener.EVENT_TYPES, new String[] {"*"});
        listener.put(EventListener.QUEUE_SIZE, QUEUE);
        listener.put("yakata.event.listener.name", "alarms");
        registrations.add(context.registerService(EventListener.class, runtime.listener(), listener));
        Dictionary<String, Object> adapter = new Hashtable<>();
        adapter.put(DeviceAdapter.ADAPTER_ID, AlarmsRuntime.ADAPTER);
        registrations.add(context.registerService(DeviceAdapter.class, runtime.adapter(), adapter));
        runtime.start();
    }

    @Reference(name = "store", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStore(EventStore store) {
        runtime.record().store(store);
    }

    void unbindStore(EventStore store) {
        runtime.record().storeGone(store);
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> registration : registrations) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework took it first
            }
        }
        registrations.clear();
        runtime.close();
    }
}
