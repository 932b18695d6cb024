package dev.yakata.tck;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The JVM's live threads and open sockets, to tell what an adapter left behind. */
final class JvmResources {

    private static final Path FDS = Path.of("/proc/self/fd");
    private static final List<String> NET_TABLES = List.of("tcp", "tcp6", "udp", "udp6");
    private static final Path NET = Path.of("/proc/self/net");
    /** {@code __SO_ACCEPTCON} in the table's flags: a listening unix socket. */
    private static final int UNIX_ACCEPTS_CONNECTIONS = 0x10000;

    /**
     * Threads that belong to the JVM or the hub, not to any adapter: the lifecycle's ({@code yakata-core-*}), the TCK's,
     * and the JDK's shared ones that start on first use (the common pool, CompletableFuture's delayer).
     */
    private static final List<String> SHARED_THREADS = List.of("yakata-core-", "yakata-tck-", "ForkJoinPool.commonPool-",
            "CompletableFutureDelayScheduler", "Common-Cleaner", "process reaper", "Attach Listener", "Signal Dispatcher",
            "Reference Handler", "Finalizer", "Notification Thread", "surefire-forkedjvm-", "JFR ", "junit-");

    private JvmResources() {
    }

    /** What the process holds at one moment: its live threads and the inodes of its open sockets. */
    record Held(Set<Thread> threads, Set<String> sockets) {

        /** What this holds beyond {@code earlier}: the threads and sockets started or opened since. */
        Held since(Held earlier) {
            Set<Thread> newThreads = new HashSet<>(threads);
            newThreads.removeAll(earlier.threads);
            Set<String> newSockets = new HashSet<>(sockets);
            newSockets.removeAll(earlier.sockets);
            return new Held(newThreads, newSockets);
        }

        /** Only the threads {@code keepThread} and the sockets {@code keepSocket} accept. */
        Held only(Predicate<Thread> keepThread, Predicate<String> keepSocket) {
            return new Held(threads.stream().filter(keepThread).collect(Collectors.toSet()),
                    sockets.stream().filter(keepSocket).collect(Collectors.toSet()));
        }

        /** Whether this holds no more threads and no more sockets than {@code other}. */
        boolean noMoreThan(Held other) {
            return threads.size() <= other.threads.size() && sockets.size() <= other.sockets.size();
        }
    }

    /** The live threads and open sockets now. */
    static Held held() {
        return new Held(threads(), sockets());
    }

    /** Every live thread. */
    static Set<Thread> threads() {
        return new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    /** Whether a thread is the JVM's, the hub's or the TCK's, or one the vendor said to ignore. */
    static boolean shared(Thread thread, List<String> ignored) {
        String name = thread.getName();
        return SHARED_THREADS.stream().anyMatch(name::startsWith) || ignored.stream().anyMatch(name::startsWith);
    }

    /** A thread as a person reads it: name, where it runs (its first frame outside the JDK) and where it is now. */
    static String describe(Thread thread) {
        StackTraceElement[] stack = thread.getStackTrace();
        StringBuilder text = new StringBuilder("'").append(thread.getName()).append("'");
        if (stack.length == 0) {
            return text.toString();
        }
        StackTraceElement own = null;
        for (int i = stack.length - 1; i >= 0; i--) { // from the bottom: the code the thread was started to run
            if (!jdk(stack[i]) && !stack[i].getClassName().contains("$$Lambda")) {
                own = stack[i];
                break;
            }
        }
        if (own != null) {
            text.append(" (running ").append(frame(own));
            if (own != stack[0]) {
                text.append(", now in ").append(frame(stack[0]));
            }
            text.append(')');
        } else {
            text.append(" (now in ").append(frame(stack[0])).append(')');
        }
        return text.toString();
    }

    /** {@code com.acme.Poller.run(Poller.java:31)}, without the class loader's and module's names. */
    static String frame(StackTraceElement frame) {
        String where = frame.isNativeMethod() ? "native" : frame.getFileName() == null ? "unknown source"
                : frame.getLineNumber() >= 0 ? frame.getFileName() + ":" + frame.getLineNumber() : frame.getFileName();
        return frame.getClassName() + "." + frame.getMethodName() + "(" + where + ")";
    }

    private static boolean jdk(StackTraceElement frame) {
        String c = frame.getClassName();
        return c.startsWith("java.") || c.startsWith("javax.") || c.startsWith("jdk.") || c.startsWith("sun.");
    }

    /** Whether sockets can be counted here (Linux's {@code /proc/self/fd}). */
    static boolean socketsVisible() {
        return Files.isDirectory(FDS);
    }

    /** The inodes of the process's open sockets ({@code socket:[12345]} in {@code /proc/self/fd}); empty when not visible. */
    static Set<String> sockets() {
        Set<String> inodes = new HashSet<>();
        if (!socketsVisible()) {
            return inodes;
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // closed while listing (the directory stream's own descriptor, a socket closing meanwhile)
                }
            }
        } catch (IOException e) {
            return inodes;
        }
        return inodes;
    }

    /**
     * What the kernel says of these socket inodes: {@code tcp 127.0.0.1:41234 -> 127.0.0.1:5020 ESTABLISHED}, or for a
     * unix-domain socket its type, path and state ({@code unix stream /run/acme/door.sock CONNECTED}).
     */
    static Map<String, String> describeSockets(Set<String> inodes) {
        Map<String, String> described = new LinkedHashMap<>();
        for (String table : NET_TABLES) {
            for (String[] f : rows(table, 0)) {
                if (f.length > 9 && inodes.contains(f[9])) {
                    String remote = address(f[2]);
                    boolean unconnected = remote.endsWith(":0");
                    described.put(f[9], table.replace("6", "") + " " + address(f[1]) + (unconnected ? "" : " -> " + remote)
                            + state(table, f[3]));
                }
            }
        }
        describeUnixSockets(inodes, described);
        for (String inode : inodes) {
            described.putIfAbsent(inode, "socket inode " + inode);
        }
        return described;
    }

    /**
     * The unix-domain ones among these inodes, from {@code /proc/self/net/unix}: {@code Num RefCount Protocol Flags
     * Type St Inode Path}. The kernel shows the path on the bound side (the listening socket and those it accepted); the
     * side that connected shows none, so it is described as unnamed.
     */
    private static void describeUnixSockets(Set<String> inodes, Map<String, String> described) {
        for (String[] f : rows("unix", 8)) { // the path, the eighth field, may hold spaces
            if (f.length < 7 || !inodes.contains(f[6])) {
                continue;
            }
            String path = f.length > 7 ? f[7] : "(unnamed)";
            boolean listening = (Integer.parseInt(f[3], 16) & UNIX_ACCEPTS_CONNECTIONS) != 0;
            String type = switch (f[4]) {
                case "0001" -> "stream";
                case "0002" -> "dgram";
                case "0005" -> "seqpacket";
                default -> "type " + f[4];
            };
            String state = listening ? "LISTEN" : switch (f[5]) {
                case "01" -> "UNCONNECTED";
                case "02" -> "CONNECTING";
                case "03" -> "CONNECTED";
                case "04" -> "DISCONNECTING";
                default -> "state " + f[5];
            };
            described.put(f[6], "unix " + type + " " + path + " " + state);
        }
    }

    /**
     * The rows of {@code /proc/self/net/<table>} below its heading, each split at blanks into at most {@code fields}
     * fields (0: no limit); none when the table cannot be read.
     */
    private static List<String[]> rows(String table, int fields) {
        List<String> lines;
        try {
            lines = Files.readAllLines(NET.resolve(table));
        } catch (IOException e) {
            return List.of();
        }
        return lines.stream().skip(1).map(line -> line.trim().split("\\s+", fields)).toList();
    }

    /** {@code 0100007F:1F90} as {@code 127.0.0.1:8080}; an IPv6 address the same way ({@code [::1]:8080}). */
    private static String address(String hex) {
        String[] parts = hex.split(":");
        if (parts.length != 2) {
            return hex;
        }
        int port = Integer.parseInt(parts[1], 16);
        String host = parts[0];
        byte[] bytes = new byte[host.length() / 2];
        // the kernel prints each 32-bit word in host order (little-endian on the machines Yakata runs on)
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(host.substring(at, at + 2), 16);
            }
        }
        try {
            java.net.InetAddress address = java.net.InetAddress.getByAddress(bytes);
            String text = address.getHostAddress();
            return (address instanceof java.net.Inet6Address ? "[" + text + "]" : text) + ":" + port;
        } catch (java.net.UnknownHostException e) {
            return hex;
        }
    }

    private static String state(String table, String code) {
        if (table.startsWith("udp")) {
            return "";
        }
        return switch (code) {
            case "01" -> " ESTABLISHED";
            case "02" -> " SYN_SENT";
            case "06" -> " TIME_WAIT";
            case "07" -> " CLOSE";
            case "08" -> " CLOSE_WAIT";
            case "0A" -> " LISTEN";
            default -> " state " + code;
        };
    }
}
