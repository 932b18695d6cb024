package dev.yakata.bus;

import dev.yakata.api.event.Event;
import dev.yakata.api.event.EventListener;
import dev.yakata.bus.api.EventBus;
import dev.yakata.bus.api.LaneStatistics;
import dev.yakata.journal.api.Journal;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The bus as an OSGi component: runs a {@link YakataEventBus} from the {@code dev.yakata.bus} configuration,
 * registers its CamelContext ({@code camel.context.name=yakata}), and feeds it two whiteboards: every
 * {@link EventListener} service and every {@link RoutesBuilder} service. Its control lane is journaled in the
 * {@link Journal} service, a mandatory reference. A configuration change restarts the bus.
 */
@Component(name = "dev.yakata.bus", configurationPid = "dev.yakata.bus", service = EventBus.class, immediate = true)
@Designate(ocd = EventBusComponent.Config.class)
public final class EventBusComponent implements EventBus {

    @ObjectClassDefinition(name = "Yakata event bus", description = "The telemetry lane and the user route directory")
    public @interface Config {
        @AttributeDefinition(description = "Capacity of the telemetry lane (point.changed); when full, events are dropped and counted")
        int telemetryLaneSize() default BusSettings.DEFAULT_TELEMETRY_LANE_SIZE;

        @AttributeDefinition(description = "Telemetry events the dispatcher delivers per cycle before it looks"
                + " again at the listeners catching up on control from the journal")
        int telemetryBatch() default BusSettings.DEFAULT_TELEMETRY_BATCH;

        @AttributeDefinition(description = "Directory of user Camel YAML routes (*.yaml); empty means ${karaf.etc}/routes")
        String routesDirectory() default "";

        @AttributeDefinition(description = "How often the routes directory is checked for changes, in ms")
        long routesPollMillis() default BusSettings.DEFAULT_ROUTES_POLL_MILLIS;

        @AttributeDefinition(description = "Route files larger than this are refused, in bytes")
        long maxRouteFileBytes() default BusSettings.DEFAULT_MAX_ROUTE_FILE_BYTES;
    }

    private final YakataEventBus bus;
    private final Map<Long, Subscription> listeners = new ConcurrentHashMap<>();
    private ServiceRegistration<CamelContext> contextRegistration;

    /**
     * The journal is a mandatory static reference, injected before the whiteboards bind: the bus runs only with its
     * journal, and restarts when the journal does.
     */
    @Activate
    public EventBusComponent(@Reference(name = "journal") Journal journal) {
        this.bus = new YakataEventBus(journal);
    }

    @Activate
    void activate(BundleContext bundleContext, Config config) throws Exception {
        String dir = config.routesDirectory();
        if (dir == null || dir.isBlank()) {
            dir = System.getProperty("karaf.etc", "etc") + "/routes";
        }
        bus.start(new BusSettings(config.telemetryLaneSize(), config.telemetryBatch(),
                Path.of(dir), config.routesPollMillis(), config.maxRouteFileBytes()));
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("camel.context.name", "yakata");
        props.put(Constants.SERVICE_DESCRIPTION, "The Yakata bus's Camel context");
        contextRegistration = bundleContext.registerService(CamelContext.class, bus.camelContext(), props);
    }

    @Deactivate
    void deactivate() {
        if (contextRegistration != null) {
            try {
                contextRegistration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters it when the bundle stops
            }
            contextRegistration = null;
        }
        bus.stop();
    }

    @Reference(service = EventListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindListener(EventListener listener, Map<String, Object> properties) {
        Subscription s = bus.addListener(listener, properties);
        if (s != null) {
            listeners.put(serviceId(properties), s);
        }
    }

    void unbindListener(EventListener listener, Map<String, Object> properties) {
        // DS may call this after deactivate: removeListener ignores a bus that is already stopped
        bus.removeListener(listeners.remove(serviceId(properties)));
    }

    @Reference(service = RoutesBuilder.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindRoutes(RoutesBuilder builder) {
        bus.addRoutes(builder);
    }

    void unbindRoutes(RoutesBuilder builder) {
        // after deactivate the context is stopped and removeRoutes does nothing
        bus.removeRoutes(builder);
    }

    private static Long serviceId(Map<String, Object> properties) {
        return (Long) properties.get(Constants.SERVICE_ID);
    }

    @Override
    public boolean publish(Event event) {
        return bus.publish(event);
    }

    @Override
    public List<LaneStatistics> statistics() {
        return bus.statistics();
    }
}
