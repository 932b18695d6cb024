package dev.yakata.audit.internal;

import dev.yakata.api.adapter.DeviceAdapter;
import dev.yakata.audit.internal.ConfigChanges.Change;
import dev.yakata.bus.api.EventBus;
import java.io.IOException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a {@code config.changed} event for every configuration change ConfigAdmin reports, with the keys that
 * changed and their old and new values (secrets as {@code ******}). It keeps the properties of every configuration,
 * read at start and after each change, to say what the old values were.
 *
 * <p>ConfigAdmin delivers its events on its own thread, in order; this reads the configuration when the event
 * arrives, so two updates in quick succession may come out as one event with the final values, never as a wrong one.
 */
@Component(service = ConfigurationListener.class, immediate = true)
public final class ConfigAudit implements ConfigurationListener {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigAudit.class);

    private final EventBus bus;
    private final ConfigurationAdmin configAdmin;
    /** The secret keys each installed adapter declares, by adapter id. */
    private final Map<String, Set<String>> adapterSecrets = new ConcurrentHashMap<>();
    /** The last properties seen of every configuration, by PID. Guarded by itself. */
    private final Map<String, Seen> seen = new HashMap<>();

    private record Seen(String factoryPid, Map<String, Object> properties) {
    }

    @Activate
    public ConfigAudit(@Reference EventBus bus, @Reference ConfigurationAdmin configAdmin) {
        this.bus = bus;
        this.configAdmin = configAdmin;
        synchronized (seen) {
            for (Configuration configuration : list(null)) {
                seen.put(configuration.getPid(), seenOf(configuration));
            }
            LOG.info("Auditing configuration changes; {} configurations known at start", seen.size());
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAdapter(DeviceAdapter adapter, Map<String, Object> properties) {
        Object id = properties.get(DeviceAdapter.ADAPTER_ID);
        if (id == null) {
            return; // the core says so already
        }
        try {
            Set<String> secrets = adapter.secretSettings();
            adapterSecrets.put(id.toString(), secrets == null ? Set.of() : Set.copyOf(secrets));
        } catch (RuntimeException e) {
            // Left out: its devices' settings are then all redacted, as for an adapter not installed.
            LOG.warn("Adapter '{}' failed to say which settings are secret ({}); the audit redacts all its settings",
                    id, e.toString());
        }
    }

    void removeAdapter(DeviceAdapter adapter, Map<String, Object> properties) {
        Object id = properties.get(DeviceAdapter.ADAPTER_ID);
        if (id != null) {
            adapterSecrets.remove(id.toString());
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String pid = event.getPid();
        synchronized (seen) {
            Seen before = seen.get(pid);
            switch (event.getType()) {
                case ConfigurationEvent.CM_UPDATED -> {
                    Configuration[] now = list("(" + Constants.SERVICE_PID + "=" + escape(pid) + ")");
                    if (now.length == 0) {
                        return; // deleted meanwhile: its CM_DELETED follows
                    }
                    Seen after = seenOf(now[0]);
                    seen.put(pid, after);
                    publish(before == null ? Change.CREATED : Change.UPDATED, pid, after.factoryPid(),
                            before == null ? Map.of() : before.properties(), after.properties());
                }
                case ConfigurationEvent.CM_DELETED -> {
                    seen.remove(pid);
                    publish(Change.DELETED, pid, event.getFactoryPid(),
                            before == null ? Map.of() : before.properties(), Map.of());
                }
                default -> {
                    // CM_LOCATION_CHANGED: which bundle may use it, not a setting
                }
            }
        }
    }

    private void publish(Change change, String pid, String factoryPid, Map<String, Object> before,
            Map<String, Object> after) {
        ConfigChanges.event(change, pid, factoryPid, before, after,
                ConfigSecrets.of(factoryPid, before, after, adapterSecrets::get)).ifPresent(bus::publish);
    }

    private Configuration[] list(String filter) {
        try {
            Configuration[] found = configAdmin.listConfigurations(filter);
            return found == null ? new Configuration[0] : found;
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("Could not read configurations {} from ConfigAdmin ({}); that change is not audited",
                    filter == null ? "" : filter, e.toString());
            return new Configuration[0];
        }
    }

    private static Seen seenOf(Configuration configuration) {
        Map<String, Object> properties = new HashMap<>();
        Dictionary<String, Object> dictionary = configuration.getProperties();
        if (dictionary != null) {
            for (Enumeration<String> keys = dictionary.keys(); keys.hasMoreElements(); ) {
                String key = keys.nextElement();
                properties.put(key, dictionary.get(key));
            }
        }
        return new Seen(configuration.getFactoryPid(), properties);
    }

    /** A PID as an LDAP filter value: {@code \ ( ) *} escaped. */
    static String escape(String value) {
        StringBuilder text = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '(' || c == ')' || c == '*') {
                text.append('\\');
            }
            text.append(c);
        }
        return text.toString();
    }
}
