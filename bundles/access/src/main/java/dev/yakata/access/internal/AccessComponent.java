package dev.yakata.access.internal;

import dev.yakata.access.rules.AccessConfig;
import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.event.EventListener;
import dev.yakata.api.event.EventTypes;
import dev.yakata.bus.api.EventBus;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.core.api.Pseudonyms;
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
 * Access control as a DS component ({@code etc/dev.yakata.access.cfg}, optional). It registers three services of its
 * own, each with its own properties, all over one runtime: the swipe listener ({@code card.swiped}, a queue of
 * {@value #SWIPE_QUEUE}, so a burst at shift change is decided, not dropped), the door listener
 * ({@code point.changed}, {@code command.issued}) and the adapter {@code access}. The event store is optional and
 * dynamic: without it the record's questions say so. A change of configuration restarts the component; the card
 * overrides are on disk and who is where is read back from the record.
 */
@Component(service = {}, immediate = true, configurationPid = AccessSettings.PID)
@Designate(ocd = AccessOptions.class)
public final class AccessComponent {

    static final int SWIPE_QUEUE = 65_536;
    static final int DOOR_QUEUE = 65_536;

    private final AccessRuntime runtime;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    public AccessComponent(@Reference EventBus bus, @Reference DeviceRegistry registry,
            @Reference Pseudonyms pseudonyms, AccessOptions options, BundleContext context) {
        AccessSettings settings = AccessSettings.from(options, context::getProperty);
        runtime = new AccessRuntime(settings, bus, registry, pseudonyms, Clock.systemUTC(),
                folder -> AccessConfig.load(folder, pseudonyms::ofCard), PeopleImport.withRules(pseudonyms::ofCard));
        runtime.start();
        registrations.add(context.registerService(EventListener.class, runtime.swipes(),
                listener("access-swipes", SWIPE_QUEUE, EventTypes.CARD_SWIPED)));
        registrations.add(context.registerService(EventListener.class, runtime.doorEvents(),
                listener("access-doors", DOOR_QUEUE, EventTypes.POINT_CHANGED, EventTypes.COMMAND_ISSUED)));
        Dictionary<String, Object> adapter = new Hashtable<>();
        adapter.put(DeviceAdapter.ADAPTER_ID, AccessRuntime.ADAPTER);
        registrations.add(context.registerService(DeviceAdapter.class, runtime.adapter(), adapter));
    }

    @Reference(name = "store", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStore(EventStore store) {
        runtime.store(store);
    }

    void unbindStore(EventStore store) {
        runtime.storeGone(store);
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

    private static Dictionary<String, Object> listener(String name, int queue, String... types) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventListener.EVENT_TYPES, types);
        properties.put(EventListener.QUEUE_SIZE, queue);
        properties.put("yakata.event.listener.name", name);
        return properties;
    }
}
