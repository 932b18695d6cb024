package dev.yakata.shutters.internal;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.api.event.EventListener;
import dev.yakata.api.event.EventTypes;
import dev.yakata.bus.api.EventBus;
import dev.yakata.core.api.CommandInterlock;
import dev.yakata.core.api.DeviceRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
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
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The shutter supervision as a DS component ({@code etc/dev.yakata.shutters.cfg}, optional). It registers, over one
 * runtime: the listener ({@code point.changed}, {@code command.*}, {@code device.status}), the command interlock the
 * core consults before every command, and the adapter {@code shutters}. A change of configuration restarts it; a
 * postponed closing is on disk.
 */
@Component(service = {}, immediate = true, configurationPid = ShuttersComponent.PID)
@Designate(ocd = ShuttersComponent.Config.class)
public final class ShuttersComponent {

    static final String PID = "dev.yakata.shutters";
    /** Telemetry of every device passes the listener's filter; a deep queue rides out a burst without a drop. */
    static final int QUEUE = 65_536;

    @ObjectClassDefinition(name = "Yakata shutters", description = "Counter-shutter supervision: where its files are")
    public @interface Config {
        @AttributeDefinition(description = "The groups and daily closing file; ${karaf.etc} is the Karaf etc folder")
        String file() default "${karaf.etc}/shutters/shutters.cfg";

        @AttributeDefinition(description = "Where a postponed closing is kept across a restart")
        String stateDir() default "${karaf.data}/yakata/shutters";

        @AttributeDefinition(description = "The zone closing times are read in when shutters.cfg names none; empty: the JVM's")
        String timeZone() default "";

        @AttributeDefinition(description = "How often the file is checked for changes, in milliseconds")
        long pollMillis() default 500;

        @AttributeDefinition(description = "How often travel deadlines are checked, in milliseconds")
        long tickMillis() default 100;
    }

    private final ShuttersRuntime runtime;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    public ShuttersComponent(@Reference EventBus bus, @Reference DeviceRegistry registry, Config config,
            BundleContext context) {
        String etc = orDefault(context.getProperty("karaf.etc"), "etc");
        String data = orDefault(context.getProperty("karaf.data"), "data");
        ZoneId zone;
        try {
            zone = config.timeZone().isBlank() ? ZoneId.systemDefault() : ZoneId.of(config.timeZone().trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("timeZone = \"" + config.timeZone() + "\" in etc/" + PID
                    + ".cfg cannot be used: write a region such as Asia/Tokyo, or nothing for the JVM's zone");
        }
        ShuttersRuntime.Settings settings = new ShuttersRuntime.Settings(
                Path.of(config.file().replace("${karaf.etc}", etc).replace("${karaf.data}", data)),
                Path.of(config.stateDir().replace("${karaf.etc}", etc).replace("${karaf.data}", data)), zone,
                Math.max(100, config.pollMillis()), Math.max(20, config.tickMillis()));
        runtime = new ShuttersRuntime(settings, bus, registry, Clock.systemUTC());
        runtime.start();
        Dictionary<String, Object> listener = new Hashtable<>();
        listener.put(EventListener.EVENT_TYPES, new String[] {EventTypes.POINT_CHANGED, "command.*", EventTypes.DEVICE_STATUS});
        listener.put(EventListener.QUEUE_SIZE, QUEUE);
        listener.put("yakata.event.listener.name", "shutter-supervision");
        registrations.add(context.registerService(EventListener.class, runtime.supervisor(), listener));
        registrations.add(context.registerService(CommandInterlock.class, runtime.supervisor(), null));
        Dictionary<String, Object> adapter = new Hashtable<>();
        adapter.put(DeviceAdapter.ADAPTER_ID, ShuttersRuntime.ADAPTER);
        registrations.add(context.registerService(DeviceAdapter.class, runtime.adapter(), adapter));
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

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
