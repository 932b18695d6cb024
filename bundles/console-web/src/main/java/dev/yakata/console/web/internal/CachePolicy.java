package dev.yakata.console.web.internal;

/**
 * How long a browser may keep each file. A third-party library is served under its version
 * ({@code /vendor/uplot/1.6.30/...}), so a new version is a new address and the old one can be kept a year. The
 * console's own files keep their names across releases: the browser revalidates them on every use (the container
 * answers 304 while the bundle has not changed), so an updated bundle is seen at the next load, never a mix.
 */
final class CachePolicy {

    static final String VERSIONED = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";

    private CachePolicy() {
    }

    static String of(String path) {
        return path != null && path.startsWith("/vendor/") ? VERSIONED : REVALIDATE;
    }
}
