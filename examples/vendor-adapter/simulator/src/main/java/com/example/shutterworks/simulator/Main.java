package com.example.shutterworks.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code java -jar shutterworks-simulator-<version>.jar --port 7700 --password <pw> [--bind 127.0.0.1]
 * [--travel-seconds 10] [--trace]}. Runs until killed; on a terminal it also reads commands from standard input
 * ({@code help} lists them) to play the obstruction sensor, a fault or a network cut by hand.
 */
public final class Main {

    private static final String USAGE = """
            usage: java -jar shutterworks-simulator.jar --password <pw> [--port 7700] [--bind 127.0.0.1]
                                                        [--travel-seconds 10] [--trace]
              --password        the password clients give in LOGIN (or set SHUTTERWORKS_PASSWORD)
              --port            the TCP port (0 picks a free one); default 7700
              --bind            the address to listen on; default 127.0.0.1 (loopback only)
              --travel-seconds  the time from fully open to fully closed; default 10
              --trace           print every line in and out (passwords masked)""";

    private static final String COMMANDS = """
            commands: status | obstruct on|off | fault on|off | drop | accept | mute | unmute | quit""";

    private Main() {
    }

    public static void main(String[] args) throws IOException {
        ShutterWorksSimulator.Builder builder = ShutterWorksSimulator.builder();
        String password = System.getenv("SHUTTERWORKS_PASSWORD");
        int port = 7700;
        String bind = "127.0.0.1";
        double travelSeconds = 10;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--password" -> password = value(args, ++i);
                    case "--port" -> port = Integer.parseInt(value(args, ++i));
                    case "--bind" -> bind = value(args, ++i);
                    case "--travel-seconds" -> travelSeconds = Double.parseDouble(value(args, ++i));
                    case "--trace" -> builder.trace(System.out);
                    case "--help", "-h" -> {
                        System.out.println(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("--password is required");
            }
            builder.password(password).port(port).bind(bind).travel(Duration.ofMillis(Math.round(travelSeconds * 1000)));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        ShutterWorksSimulator simulator;
        try {
            simulator = builder.start();
        } catch (IllegalArgumentException | IOException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "shutterworks-simulator-shutdown"));
        System.out.printf(Locale.ROOT, "%s %s simulator: %s on %s:%d, travel %.1f s%n", ShutterWorksSimulator.VENDOR,
                ShutterWorksSimulator.MODEL, ShutterWorksSimulator.GREETING_VERSION, bind, simulator.port(), travelSeconds);
        System.out.println(COMMANDS);
        console(simulator, System.out);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    /** Reads commands until {@code quit}; at the end of input (run in the background) it just keeps running. */
    private static void console(ShutterWorksSimulator simulator, PrintStream out) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String command = line.trim().toLowerCase(Locale.ROOT);
            try {
                switch (command) {
                    case "" -> { }
                    case "status" -> out.println(simulator.snapshot());
                    case "obstruct on" -> simulator.obstruct(true);
                    case "obstruct off" -> simulator.obstruct(false);
                    case "fault on" -> simulator.fault(true);
                    case "fault off" -> simulator.fault(false);
                    case "drop" -> simulator.dropConnections();
                    case "accept" -> simulator.acceptConnections();
                    case "mute" -> simulator.silence();
                    case "unmute" -> simulator.answer();
                    case "quit", "exit" -> {
                        simulator.close();
                        return;
                    }
                    default -> out.println(COMMANDS);
                }
            } catch (IllegalStateException e) {
                out.println(e.getMessage());
            }
        }
        try {
            Thread.currentThread().join(); // no console: serve until killed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
