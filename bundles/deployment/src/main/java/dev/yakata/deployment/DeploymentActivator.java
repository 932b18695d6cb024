package dev.yakata.deployment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts before the hub's servers (a plain activator, start level 25, no DS): in production mode it first removes the
 * demo users from {@code etc/users.properties}, then registers the {@link LoopbackGuard} and has ConfigAdmin deliver
 * the guarded servers' settings again, in case one of them received its settings before the guard existed.
 */
public final class DeploymentActivator implements BundleActivator {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentActivator.class);

    /** The switch, in {@code etc/system.properties}: {@code demo} (the distribution's default) or {@code production}. */
    public static final String MODE_PROPERTY = "yakata.mode";

    /** How often production mode looks at etc/users.properties for a demo user added (or put back) since. */
    static final long USERS_CHECK_MILLIS = 2000;

    private ServiceRegistration<ConfigurationPlugin> registration;
    private volatile Thread usersWatch;

    @Override
    public void start(BundleContext context) {
        Path etc = Path.of(System.getProperty("karaf.etc", "etc"));
        String mode = System.getProperty(MODE_PROPERTY, "demo").trim();
        if (mode.equals("production")) {
            production(etc);
            watchUsers(etc);
        } else if (!mode.equals("demo")) {
            LOG.error("{} = {} in etc/system.properties is neither demo nor production; running as demo (every server "
                    + "stays on loopback while demo users are enabled)", MODE_PROPERTY, mode);
        }
        LoopbackGuard guard = new LoopbackGuard(LoopbackGuard.demoUsersOf(etc));
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("config.plugin.id", "yakata.loopback-guard");
        // early among plugins that change values, so those after it see what the server will bind
        props.put(ConfigurationPlugin.CM_RANKING, 100);
        registration = context.registerService(ConfigurationPlugin.class, guard, props);
        redeliver(context, guard);
    }

    @Override
    public void stop(BundleContext context) {
        Thread watch = usersWatch;
        usersWatch = null;
        if (watch != null) {
            watch.interrupt();
        }
        if (registration != null) {
            registration.unregister();
        }
    }

    /**
     * Production mode keeps demo users absent, not only at start: a {@code <name>-demo} password written later (by
     * hand, {@code jaas:user-add}, or Karaf's own rewrite of the file racing this bundle's at start) is removed again.
     * The file is looked at every {@value #USERS_CHECK_MILLIS} ms and read only when it changed.
     */
    private void watchUsers(Path etc) {
        Path file = etc.resolve("users.properties");
        Thread t = new Thread(() -> {
            long seen = stamp(file);
            while (usersWatch == Thread.currentThread()) {
                try {
                    Thread.sleep(USERS_CHECK_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                long now = stamp(file);
                if (now != seen) {
                    production(etc);
                    seen = stamp(file);
                }
            }
        }, "yakata-deployment-users");
        t.setDaemon(true);
        usersWatch = t;
        t.start();
    }

    private static long stamp(Path file) {
        try {
            return java.nio.file.Files.getLastModifiedTime(file).toMillis() * 31 + java.nio.file.Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Production: demo users go, and an administrator is told how to set a password if none can log in. */
    static void production(Path etc) {
        Path file = etc.resolve("users.properties");
        try {
            StoredPasswords passwords = StoredPasswords.fromJaasConfig(etc);
            UsersFile users = UsersFile.read(file);
            List<String> demo = DemoUsers.in(users, passwords);
            if (!demo.isEmpty()) {
                users.remove(demo);
                users.write();
                LOG.warn("Production mode: removed the demo users {} from {} (their passwords are published)", demo, file);
            }
            boolean admin = UsersFile.read(file).users().values().stream()
                    .anyMatch(u -> u.rolesAndGroups().contains(UsersFile.GROUP_PREFIX + "yakata-admins")
                            || u.rolesAndGroups().contains("admin"));
            if (!admin) {
                String msg = "Yakata production mode: no administrator can log in yet. On this machine, run "
                        + "bin/yakata-admin-password <name> (it asks for the password; no restart needed).";
                LOG.error(msg);
                System.err.println(msg);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("Production mode: cannot check {} for demo users ({}); fix the file, or the hub stays on loopback "
                    + "while it cannot tell", file, e.toString());
        }
    }

    /** Has ConfigAdmin pass each guarded server's settings through the guard again (an update with the same values). */
    private static void redeliver(BundleContext context, LoopbackGuard guard) {
        ServiceReference<ConfigurationAdmin> ref = context.getServiceReference(ConfigurationAdmin.class);
        if (ref == null) {
            return; // ConfigAdmin not yet there: every delivery will go through the guard
        }
        ConfigurationAdmin admin = context.getService(ref);
        try {
            for (LoopbackGuard.Server server : LoopbackGuard.SERVERS) {
                Configuration[] found = admin.listConfigurations("(service.pid=" + server.pid() + ")");
                if (found == null) {
                    continue;
                }
                for (Configuration c : found) {
                    Dictionary<String, Object> p = c.getProperties();
                    // only when the guard changes something: an update restarts that server
                    if (p != null && guard.apply(copy(p))) {
                        c.update(p);
                    }
                }
            }
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            LOG.warn("could not have the servers' settings delivered again through the loopback guard: {}", e.toString());
        } finally {
            context.ungetService(ref);
        }
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> p) {
        Dictionary<String, Object> c = new Hashtable<>();
        for (java.util.Enumeration<String> keys = p.keys(); keys.hasMoreElements(); ) {
            String k = keys.nextElement();
            c.put(k, p.get(k));
        }
        return c;
    }
}
