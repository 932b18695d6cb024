package dev.yakata.adapter.onvif.internal;

import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * HTTP for one camera, on the adapter's shared client: every exchange has one deadline (connect, headers and the whole body), a hard limit on the
 * body's size, no redirect followed (credentials never go to another host), and runs on the adapter's executor.
 * Authentication: HTTP Digest (RFC 7616) when the camera challenges, Basic only when configured, and the last digest
 * challenge is reused with a growing nonce count so a steady camera costs one request per exchange.
 * {@link #abandonInFlight()} and {@link #close()} abort the exchanges in progress (a long-poll PullMessages among
 * them), so nothing of a closed camera is still talking to it.
 */
final class BoundedHttp {

    enum AuthMode { NONE, BASIC, DIGEST }

    record Response(int status, HttpHeaders headers, byte[] body) {
        String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }
    }

    private final HttpClient client;
    private final Executor executor;
    private final String user;
    private final String password;
    private final AuthMode mode;
    private final Object lock = new Object();
    private DigestAuth.Challenge challenge;
    private int nonceCount;
    /** The JDK's futures of the exchanges in progress; cancelling one aborts its exchange and closes its connection. */
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean abandoning;
    private volatile boolean closed;

    /** The adapter's one client: no redirects, HTTP/1.1, its completions on {@code executor}; the deadlines are per exchange. */
    static HttpClient client(Executor executor) {
        return HttpClient.newBuilder().executor(executor).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    BoundedHttp(HttpClient client, Executor executor, String user, String password, AuthMode mode) {
        this.client = client;
        this.executor = executor;
        this.user = user;
        this.password = password;
        this.mode = user.isEmpty() ? AuthMode.NONE : mode;
    }

    /**
     * Sends one request (GET when {@code body} is null, else POST with {@code contentType}) and answers a digest
     * challenge once. Completes exceptionally only with {@link CameraException}: UNREACHABLE for no connection or no
     * whole answer within {@code timeout}, MALFORMED for a body over {@code maxBytes}, NOT_AUTHORIZED when the camera
     * refuses the credentials, REFUSED for a redirect.
     */
    CompletableFuture<Response> exchange(URI uri, byte[] body, String contentType, Duration timeout, int maxBytes,
            String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long limitMillis = timeout.toMillis();
        return once(uri, body, contentType, deadline, limitMillis, maxBytes, what, authorization(uri, body))
                .thenCompose(first -> {
                    if (first.status() != 401 || mode == AuthMode.NONE) {
                        return CompletableFuture.completedFuture(first);
                    }
                    String retry = answer(first, uri, body, what);
                    if (retry == null) {
                        return CompletableFuture.completedFuture(first);
                    }
                    return once(uri, body, contentType, deadline, limitMillis, maxBytes, what, retry);
                })
                .thenApply(response -> {
                    if (response.status() == 401) {
                        throw new CompletionException(notAuthorized(what, uri, response));
                    }
                    if (response.status() >= 300 && response.status() < 400) {
                        String location = response.headers().firstValue("Location").orElse("(no Location)");
                        throw new CompletionException(new CameraException(CameraException.Kind.REFUSED, what + " at " + uri
                                + " redirected (HTTP " + response.status() + ") to " + location
                                + "; redirects are not followed, so credentials never leave for another address: configure the final URL"));
                    }
                    return response;
                });
    }

    /**
     * Aborts every exchange in progress: each completes with an UNREACHABLE {@link CameraException} saying it was
     * abandoned, and its connection is closed rather than answered. Exchanges started afterwards still go out (the
     * camera's Unsubscribe on close).
     */
    void abandonInFlight() {
        abandoning = true;
        for (CompletableFuture<?> sent : inFlight) {
            sent.cancel(true);
        }
    }

    /** Aborts every exchange in progress and refuses new ones: after this, no request of this camera is on the wire. */
    void close() {
        closed = true;
        abandonInFlight();
    }

    private CameraException notAuthorized(String what, URI uri, Response response) {
        String offered = String.join(" | ", response.headers().allValues("WWW-Authenticate"));
        String how = switch (mode) {
            case NONE -> "no user is configured, but the camera asks for one (" + offered + ")";
            case BASIC -> "the camera refused the user or password sent with Basic authentication";
            case DIGEST -> offered.regionMatches(true, 0, "Basic", 0, 5) && !offered.contains("Digest")
                    ? "the camera offers only Basic authentication, which sends the password readable; set camera.auth = basic to allow it"
                    : "the camera refused the user or password (HTTP 401)";
        };
        return new CameraException(CameraException.Kind.NOT_AUTHORIZED, "wrong user or password for " + what + " at "
                + uri + ": " + how);
    }

    /** The Authorization header to send first: Basic when configured, a digest answer when a challenge is cached. */
    private String authorization(URI uri, byte[] body) {
        if (mode == AuthMode.BASIC) {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        if (mode == AuthMode.DIGEST) {
            synchronized (lock) {
                if (challenge != null) {
                    return DigestAuth.authorization(challenge, user, password, body == null ? "GET" : "POST",
                            requestTarget(uri), ++nonceCount);
                }
            }
        }
        return null;
    }

    private String answer(Response unauthorized, URI uri, byte[] body, String what) {
        if (mode != AuthMode.DIGEST) {
            return null; // Basic was sent and refused: the caller reports it
        }
        StringBuilder problem = new StringBuilder();
        var chosen = DigestAuth.choose(unauthorized.headers().allValues("WWW-Authenticate"), problem);
        if (chosen.isEmpty()) {
            if (!problem.isEmpty()) {
                throw new CompletionException(new CameraException(CameraException.Kind.REFUSED, what + " at " + uri
                        + " asks for an authentication this adapter does not answer: " + problem.substring(0, problem.length() - 2)));
            }
            return null;
        }
        synchronized (lock) {
            challenge = chosen.get();
            nonceCount = 1;
            return DigestAuth.authorization(challenge, user, password, body == null ? "GET" : "POST", requestTarget(uri), nonceCount);
        }
    }

    private static String requestTarget(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private CompletableFuture<Response> once(URI uri, byte[] body, String contentType, long deadline, long limitMillis,
            int maxBytes, String what, String authorization) {
        if (closed) {
            return CompletableFuture.failedFuture(new CameraException(CameraException.Kind.UNREACHABLE,
                    what + " at " + uri + " was not sent: the camera is closed"));
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return CompletableFuture.failedFuture(new CameraException(CameraException.Kind.UNREACHABLE,
                    "no answer from " + what + " at " + uri + " within " + limitMillis + " ms"));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofNanos(remaining));
        if (body == null) {
            request.GET();
        } else {
            request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        AtomicReference<LimitedBody> subscriber = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> sent = client.sendAsync(request.build(), info -> {
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            LimitedBody limited = new LimitedBody(maxBytes, declared > maxBytes);
            subscriber.set(limited);
            return limited;
        });
        inFlight.add(sent);
        sent.whenComplete((response, failure) -> inFlight.remove(sent));
        if (closed) {
            sent.cancel(true); // close() ran while this one was being sent
        }
        long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining));
        // handleAsync: the JDK completes sendAsync's stage on the common pool (on two cores, a new thread per
        // exchange); everything after it, parsing and publishing included, runs on the adapter's own threads
        return sent.orTimeout(millis, TimeUnit.MILLISECONDS).handleAsync((response, failure) -> {
            if (failure == null) {
                return new Response(response.statusCode(), response.headers(), response.body());
            }
            LimitedBody limited = subscriber.get();
            if (limited != null) {
                limited.abort();
            }
            sent.cancel(true);
            Throwable t = unwrap(failure);
            if (t instanceof CancellationException && abandoning) {
                throw new CompletionException(new CameraException(CameraException.Kind.UNREACHABLE, what + " at " + uri
                        + " was abandoned: the camera is closing"));
            }
            throw new CompletionException(translate(t, uri, what, limitMillis, maxBytes, limited != null));
        }, executor);
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static CameraException translate(Throwable t, URI uri, String what, long millis, int maxBytes, boolean headersSeen) {
        if (t instanceof CameraException c) {
            return c;
        }
        if (t instanceof BodyTooLarge) {
            return new CameraException(CameraException.Kind.MALFORMED, what + " at " + uri + " sent a body over the limit of "
                    + maxBytes + " bytes; it was cut off and discarded");
        }
        if (t instanceof HttpConnectTimeoutException) {
            return new CameraException(CameraException.Kind.UNREACHABLE, "no connection to " + what + " at " + uri
                    + " (connect timed out)");
        }
        if (t instanceof HttpTimeoutException || t instanceof TimeoutException || t instanceof CancellationException) {
            return new CameraException(CameraException.Kind.UNREACHABLE, (headersSeen
                    ? what + " at " + uri + " started to answer but did not finish within " + millis + " ms"
                    : "no answer from " + what + " at " + uri + " within " + millis + " ms"));
        }
        if (t instanceof ConnectException) {
            return new CameraException(CameraException.Kind.UNREACHABLE, "no connection to " + what + " at " + uri
                    + " (connection refused: nothing listens there, or a firewall rejects it)");
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return new CameraException(CameraException.Kind.UNREACHABLE, "the exchange with " + what + " at " + uri
                + " failed: " + message);
    }

    private static final class BodyTooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BodyTooLarge() {
            super("body too large", null, false, false);
        }
    }

    /** Collects a body up to {@code max} bytes and cancels the stream past it, so memory stays bounded. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final int max;
        private final boolean refuseAtOnce;
        private volatile Flow.Subscription subscription;

        LimitedBody(int max, boolean refuseAtOnce) {
            this.max = max;
            this.refuseAtOnce = refuseAtOnce;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (refuseAtOnce) {
                s.cancel();
                result.completeExceptionally(new BodyTooLarge());
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                if (buffer.size() + item.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new BodyTooLarge());
                    return;
                }
                byte[] bytes = new byte[item.remaining()];
                item.get(bytes);
                buffer.writeBytes(bytes);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(buffer.toByteArray());
        }

        void abort() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
