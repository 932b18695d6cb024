package dev.yakata.postures.internal;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.bus.api.EventBus;
import dev.yakata.core.api.DeviceRegistry;
import dev.yakata.core.api.ProfileRegistry;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Postures as a DS component ({@code etc/dev.yakata.postures.cfg}, optional): registers the adapter
 * {@value PosturesRuntime#ADAPTER} of the {@code postures} device over one runtime. A change of configuration
 * restarts it; tokens given before are then no longer valid, and a run under way issues no further step.
 */
@Component(service = {}, immediate = true, configurationPid = PosturesSettings.PID)
@Designate(ocd = PosturesOptions.class)
public final class PosturesComponent {

    private final PosturesRuntime runtime;
    private final ServiceRegistration<DeviceAdapter> registration;

    @Activate
    public PosturesComponent(@Reference EventBus bus, @Reference DeviceRegistry registry,
            @Reference ProfileRegistry profiles, PosturesOptions options, BundleContext context) {
        PosturesSettings settings = PosturesSettings.from(options, context::getProperty);
        runtime = new PosturesRuntime(settings, bus, registry, profiles, Clock.systemUTC());
        runtime.start();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(DeviceAdapter.ADAPTER_ID, PosturesRuntime.ADAPTER);
        registration = context.registerService(DeviceAdapter.class, runtime.adapter(), properties);
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework took it first
        }
        runtime.close();
    }
}
