package dev.yakata.console.web.internal;

import java.io.IOException;
import java.net.URL;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.context.ServletContextHelper;

/**
 * The console UI's servlet context, {@code /console}: files come from this bundle's own entries
 * ({@link Bundle#getEntry}, so nothing on another bundle's class path can answer), and every response carries the
 * console's security headers and a cache policy before the whiteboard's resource servlet writes the file.
 *
 * <p>The Content-Security-Policy admits script, style, images and connections from the hub itself only: no inline
 * script, no {@code eval}, no inline {@code style} attribute, no frame, no plug-in. The UI is written to that rule
 * (plain ES modules, classes instead of style attributes, SVG floor maps sanitised before insertion).
 */
@Component(service = ServletContextHelper.class, property = {
        "osgi.http.whiteboard.context.name=" + ConsoleWebContext.NAME,
        "osgi.http.whiteboard.context.path=" + ConsoleWebContext.PATH })
public final class ConsoleWebContext extends ServletContextHelper {

    static final String NAME = "yakata-console-web";
    static final String PATH = "/console";

    /** What the console may load: itself, nothing else. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    private final Bundle bundle;

    @Activate
    public ConsoleWebContext(BundleContext context) {
        super(context.getBundle());
        this.bundle = context.getBundle();
    }

    @Override
    public URL getResource(String name) {
        if (name == null || name.contains("..")) {
            return null;
        }
        String path = name.startsWith("/") ? name : "/" + name;
        if (path.endsWith("/")) {
            return null; // a folder is not a file: no listing
        }
        return bundle.getEntry(path);
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        String path = pathOf(request);
        response.setHeader("Cache-Control", CachePolicy.of(path));
        if (path.equals("/") || path.isEmpty()) {
            // the whiteboard's resource servlet lists no folder and knows no welcome file: the console's page is one
            response.sendRedirect(request.getContextPath() + "/index.html");
            return false;
        }
        return true;
    }

    /** The path inside {@code /console}, whichever resource pattern matched (servlet path plus path info). */
    private static String pathOf(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String path = uri != null && context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
        return path == null ? "/" : path;
    }
}
