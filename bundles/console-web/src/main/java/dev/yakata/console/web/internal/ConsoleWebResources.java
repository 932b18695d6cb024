package dev.yakata.console.web.internal;

import org.osgi.service.component.annotations.Component;

/**
 * The console's files as HTTP whiteboard resources in the {@link ConsoleWebContext} ({@code /console/...}): the UI
 * from {@code /web} in this bundle, and the embedded uPlot and Swagger UI under their versions. This bundle serves files and nothing
 * else; the data comes from the console's REST API under {@code /api}.
 */
public final class ConsoleWebResources {

    private ConsoleWebResources() {
    }

    private static final String CONTEXT = "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name="
            + ConsoleWebContext.NAME + ")";

    /** {@code /console/*} from {@code /web}. */
    @Component(service = Ui.class, property = { CONTEXT,
            "osgi.http.whiteboard.resource.pattern=/*",
            "osgi.http.whiteboard.resource.prefix=/web" })
    public static final class Ui {
    }

    /** {@code /console/vendor/uplot/1.6.30/*} from the uPlot WebJar's files embedded in this bundle. */
    @Component(service = Uplot.class, property = { CONTEXT,
            "osgi.http.whiteboard.resource.pattern=/vendor/uplot/1.6.30/*",
            "osgi.http.whiteboard.resource.prefix=/META-INF/resources/webjars/uplot/1.6.30" })
    public static final class Uplot {
    }

    /** {@code /console/vendor/swagger-ui/5.35.0/*} from the swagger-ui WebJar's files embedded here (api.html). */
    @Component(service = SwaggerUi.class, property = { CONTEXT,
            "osgi.http.whiteboard.resource.pattern=/vendor/swagger-ui/5.35.0/*",
            "osgi.http.whiteboard.resource.prefix=/META-INF/resources/webjars/swagger-ui/5.35.0" })
    public static final class SwaggerUi {
    }
}
