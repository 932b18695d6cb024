package dev.yakata.bus;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds routes to the running context and reports which route ids each addition created, so that exactly those can
 * be removed later. Additions are serialized, so the before/after difference is the builder's own routes. A
 * builder that fails half-way has its partial routes removed again.
 */
final class RouteInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(RouteInstaller.class);
    private static final long STOP_TIMEOUT_SECONDS = 5;

    private final CamelContext context;

    RouteInstaller(CamelContext context) {
        this.context = context;
    }

    synchronized Set<String> add(RoutesBuilder builder) throws Exception {
        return addAll(Set.of(builder));
    }

    synchronized Set<String> addAll(Collection<RoutesBuilder> builders) throws Exception {
        Set<String> before = routeIds();
        try {
            for (RoutesBuilder b : builders) {
                context.addRoutes(b);
            }
        } catch (Exception | LinkageError e) {
            Set<String> partial = routeIds();
            partial.removeAll(before);
            remove(partial);
            throw e;
        }
        Set<String> added = routeIds();
        added.removeAll(before);
        return added;
    }

    synchronized void remove(Set<String> ids) {
        for (String id : ids) {
            try {
                context.getRouteController().stopRoute(id, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (!context.removeRoute(id)) {
                    LOG.warn("Route {} was stopped but Camel did not remove it", id);
                }
            } catch (Exception e) {
                LOG.warn("Could not remove route {}: {}", id, e.getMessage(), e);
            }
        }
    }

    private Set<String> routeIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (Route r : context.getRoutes()) {
            ids.add(r.getRouteId());
        }
        return ids;
    }
}
