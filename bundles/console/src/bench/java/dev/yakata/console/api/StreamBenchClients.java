package dev.yakata.console.api;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The benchmark's SSE clients, in a JVM of their own: N streams, each read line by line on its own thread; the latency
 * of an event is now minus its {@code sentMicros}. Prints MEASURE_START after the warm-up, MEASURE_END, then RESULT.
 *
 * <p>Args: url cookie|- clients warmupSeconds measureSeconds
 */
public final class StreamBenchClients {

    private static volatile boolean measuring;
    private static volatile boolean done;

    private StreamBenchClients() {
    }

    static final class Client implements Runnable {
        final String url;
        final String cookie;
        final HttpClient http;
        final CountDownLatch opened;
        long[] latencies = new long[1 << 16];
        int count;
        long control;
        long resyncs;
        String failure;

        Client(String url, String cookie, HttpClient http, CountDownLatch opened) {
            this.url = url;
            this.cookie = cookie;
            this.http = http;
            this.opened = opened;
        }

        @Override
        public void run() {
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
                if (cookie != null) {
                    b.header("Cookie", cookie);
                }
                HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                opened.countDown();
                if (r.statusCode() != 200) {
                    failure = "HTTP " + r.statusCode();
                    return;
                }
                try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                    for (String line; !done && (line = in.readLine()) != null; ) {
                        if (line.startsWith("event: resync")) {
                            resyncs++;
                        }
                        if (!measuring || !line.startsWith("data: ")) {
                            continue;
                        }
                        int at = line.indexOf("\"sentMicros\":");
                        if (at < 0) {
                            continue;
                        }
                        Instant now = Instant.now();
                        long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
                        int end = at + 13;
                        long sent = 0;
                        while (end < line.length() && Character.isDigit(line.charAt(end))) {
                            sent = sent * 10 + (line.charAt(end++) - '0');
                        }
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = nowMicros - sent;
                        if (!line.contains("point.changed")) {
                            control++;
                        }
                    }
                }
            } catch (Exception e) {
                failure = e.toString();
                opened.countDown();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String cookie = args[1].equals("-") ? null : args[1];
        int n = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CountDownLatch opened = new CountDownLatch(n);
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Client c = new Client(url, cookie, http, opened);
            clients.add(c);
            Thread t = new Thread(c, "bench-client-" + i);
            t.setDaemon(true);
            t.start();
        }
        opened.await();
        Thread.sleep(warmup * 1000L);
        measuring = true;
        System.out.println("MEASURE_START");
        Thread.sleep(seconds * 1000L);
        measuring = false;
        System.out.println("MEASURE_END");
        done = true;
        long total = 0;
        long control = 0;
        long resyncs = 0;
        List<String> failures = new ArrayList<>();
        for (Client c : clients) {
            total += c.count;
            control += c.control;
            resyncs += c.resyncs;
            if (c.failure != null) {
                failures.add(c.failure);
            }
        }
        long[] all = new long[(int) total];
        int k = 0;
        for (Client c : clients) {
            System.arraycopy(c.latencies, 0, all, k, c.count);
            k += c.count;
        }
        Arrays.sort(all);
        System.out.printf("RESULT p50 %.1f ms, p99 %.1f ms, max %.1f ms; %,d events delivered (%,.0f/s per client, control "
                + "%,.0f/s per client), %d resyncs, %d streams failed %s%n",
                pct(all, 0.50), pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1000.0, total,
                total / (double) n / seconds, control / (double) n / seconds, resyncs, failures.size(),
                failures.isEmpty() ? "" : failures.subList(0, Math.min(3, failures.size())));
        System.exit(0);
    }

    private static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1000.0;
    }
}
