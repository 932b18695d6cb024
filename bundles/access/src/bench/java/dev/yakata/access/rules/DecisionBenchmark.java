package dev.yakata.access.rules;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How long {@link AccessEngine#decide} takes in a large building: 10,000 people with a card each, 500 doors on 25
 * floors, 21 groups, ~80 rules with schedules and holidays, hard and soft passback zones, escorted visitors at Level-2
 * doors. ~200,000 swipes over a working Thursday (one every 100 ms from 08:00 Tokyo time), each timed alone, after a
 * warm-up; beside it, in the same run (before and after), the same swipes' cost of a bare {@code HashMap} lookup of
 * the card, timed the same way, so the clock's own cost is visible. A report, never a pass or fail.
 *
 * <pre>mvn -o -B -q -f bundles/access/pom.xml -Pbench -DskipTests test-compile exec:exec [-Dbench.args="10000 500 200000"]</pre>
 */
public final class DecisionBenchmark {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final int FLOORS = 25;
    private static final int DEPARTMENTS = 15;

    public static void main(String[] args) throws Exception {
        int people = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int doors = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int swipes = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        int warmUp = 50_000;

        System.out.println("command: mvn -o -B -q -f bundles/access/pom.xml -Pbench -DskipTests test-compile exec:exec"
                + " -Dbench.args=\"" + people + " " + doors + " " + swipes + "\"");
        System.out.printf(Locale.ROOT, "machine: nproc=%d, %s %s (%s), %s %s %s, load average %.2f, %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), System.getProperty("java.vm.version"),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bench-access-");
        try {
            UnaryOperator<String> pseudonym = keyedPseudonyms();
            Building building = Building.write(dir, people, doors);
            long loadStart = System.nanoTime();
            AccessConfig config = AccessConfig.load(dir, pseudonym);
            long loadNanos = System.nanoTime() - loadStart;
            System.out.printf(Locale.ROOT, "config: %s%nload: %.0f ms (%d card pseudonyms computed)%n",
                    config.summary(), loadNanos / 1e6, config.cardCount());

            Swipe[] all = building.swipes(pseudonym, warmUp + swipes, new Random(42));
            Swipe[] warm = Arrays.copyOfRange(all, 0, warmUp);
            Swipe[] measured = Arrays.copyOfRange(all, warmUp, all.length);

            Map<String, Object> baselineMap = new HashMap<>();
            for (Swipe s : all) {
                baselineMap.put(s.card(), s);
            }
            baseline(baselineMap, warm); // warm-up
            long[] baseBefore = baseline(baselineMap, measured);

            AccessEngine engine = new AccessEngine(config, AccessEngine.Settings.defaults(TOKYO));
            for (Swipe s : warm) {
                engine.decide(s);
            }
            // the measured run on a fresh engine: locations and escorts build up over the day as they would
            engine = new AccessEngine(config, AccessEngine.Settings.defaults(TOKYO));
            long gcCountBefore = gcCount();
            long gcTimeBefore = gcMillis();
            long[] nanos = new long[measured.length];
            Map<String, Integer> reasons = new TreeMap<>();
            for (int i = 0; i < measured.length; i++) {
                long t = System.nanoTime();
                Decision d = engine.decide(measured[i]);
                nanos[i] = System.nanoTime() - t;
                reasons.merge(d.reason(), 1, Integer::sum);
            }
            long gcs = gcCount() - gcCountBefore;
            long gcMillis = gcMillis() - gcTimeBefore;
            long[] baseAfter = baseline(baselineMap, measured);

            System.out.println("decide(), " + measured.length + " swipes: " + summary(nanos) + "; " + gcs
                    + " GCs (" + gcMillis + " ms) during it");
            System.out.println("baseline HashMap.get(card), same swipes, before: " + summary(baseBefore));
            System.out.println("baseline HashMap.get(card), same swipes, after:  " + summary(baseAfter));
            System.out.println("reasons: " + reasons);
            System.out.println("target: decide() p99 well under 100 µs (the path from bus to unlock is ≤ 2 ms p99)");
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    private static long[] baseline(Map<String, Object> map, Swipe[] swipes) {
        long[] nanos = new long[swipes.length];
        int hits = 0;
        for (int i = 0; i < swipes.length; i++) {
            long t = System.nanoTime();
            Object found = map.get(swipes[i].card());
            nanos[i] = System.nanoTime() - t;
            if (found != null) {
                hits++;
            }
        }
        if (hits < 0) {
            System.out.println(hits); // keeps the lookups from being optimised away
        }
        return nanos;
    }

    private static String summary(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "p50 %.2f µs, p99 %.2f µs, p99.9 %.2f µs, max %.1f µs",
                sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.99)] / 1e3,
                sorted[(int) (sorted.length * 0.999)] / 1e3, sorted[sorted.length - 1] / 1e3);
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    /** Pseudonyms as the core makes them: HMAC-SHA256 under a random key, 96 bits in hex. */
    private static UnaryOperator<String> keyedPseudonyms() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return number -> {
            byte[] digest = mac.doFinal(number.trim().getBytes(StandardCharsets.UTF_8));
            StringBuilder text = new StringBuilder("card:");
            for (int i = 0; i < 12; i++) {
                text.append(Character.forDigit((digest[i] >> 4) & 0xF, 16)).append(Character.forDigit(digest[i] & 0xF, 16));
            }
            return text.toString();
        };
    }

    /**
     * The generated building: a hall, and on each floor a corridor with rooms off it; rooms are offices (Level 1),
     * department rooms (Level 2), labs (Level 2, soft passback) and server rooms (Level 3, hard passback).
     */
    private static final class Building {
        record DoorInfo(String device, int floor, int kind) {
        }

        final List<DoorInfo> doors = new ArrayList<>();
        final List<String> cardNumbers = new ArrayList<>();

        static Building write(Path dir, int people, int doorCount) throws Exception {
            Building b = new Building();
            int doorsPerFloor = Math.max(2, doorCount / FLOORS);
            StringBuilder zones = new StringBuilder("zone outside level 0 name \"屋外\"\nzone hall level 1 name \"ロビー\"\n");
            StringBuilder doorLines = new StringBuilder("door door.1f.main from outside to hall free-during opening-hours\n"
                    + "door door.1f.staff from outside to hall\n");
            b.doors.add(new DoorInfo("door.1f.main", 1, -1));
            b.doors.add(new DoorInfo("door.1f.staff", 1, -1));
            List<String> corridors = new ArrayList<>();
            List<String> offices = new ArrayList<>();
            List<String> labs = new ArrayList<>();
            List<String> servers = new ArrayList<>();
            List<List<String>> departmentRooms = new ArrayList<>();
            for (int d = 0; d < DEPARTMENTS; d++) {
                departmentRooms.add(new ArrayList<>());
            }
            for (int f = 1; f <= FLOORS && b.doors.size() < doorCount; f++) {
                String corridor = "f" + f + ".corridor";
                corridors.add(corridor);
                zones.append("zone ").append(corridor).append(" level 1 name \"").append(f).append("階 廊下\"\n");
                doorLines.append("door door.").append(f).append("f.corridor from hall to ").append(corridor)
                        .append('\n');
                b.doors.add(new DoorInfo("door." + f + "f.corridor", f, 0));
                for (int r = 1; r < doorsPerFloor && b.doors.size() < doorCount; r++) {
                    int kind = r % 10 == 0 ? 3 : r % 7 == 0 ? 2 : r % 2 == 0 ? 1 : 4;
                    String room = "f" + f + ".r" + r;
                    switch (kind) {
                        case 3 -> {
                            zones.append("zone ").append(room).append(" level 3 passback hard forgive-after 12h\n");
                            servers.add(room);
                        }
                        case 2 -> {
                            zones.append("zone ").append(room).append(" level 2 passback soft\n");
                            labs.add(room);
                        }
                        case 1 -> {
                            zones.append("zone ").append(room).append(" level 2\n");
                            departmentRooms.get((f * 7 + r) % DEPARTMENTS).add(room);
                        }
                        default -> {
                            zones.append("zone ").append(room).append(" level 1\n");
                            offices.add(room);
                        }
                    }
                    String device = "door." + f + "f.r" + r;
                    doorLines.append("door ").append(device).append(" from ").append(corridor).append(" to ")
                            .append(room).append(kind == 3 ? " unlock-seconds 5 held-open-seconds 30" : "")
                            .append('\n');
                    b.doors.add(new DoorInfo(device, f, kind));
                }
            }
            Files.writeString(dir.resolve("zones.cfg"), zones.append(doorLines)
                    .append("room server-1 in ").append(servers.isEmpty() ? "hall" : servers.get(0))
                    .append(" max-stay 4h\n").toString());

            StringBuilder policies = new StringBuilder("group staff\ngroup it\ngroup visitor escort-required\n"
                    + "group contractor\ngroup security\ngroup cleaning\n");
            for (int d = 0; d < DEPARTMENTS; d++) {
                policies.append("group dept-").append(d).append('\n');
            }
            policies.append("schedule office-hours mon-fri 07:30-20:00 except holidays\n"
                    + "schedule opening-hours mon-fri 08:30-17:15 except holidays\n"
                    + "schedule always daily 00:00-24:00\n"
                    + "schedule cleaning mon-sat 06:00-08:00 18:00-22:00\n"
                    + "schedule maintenance sat,sun 09:00-12:00 13:00-17:00\n");
            policies.append("allow staff zone hall,").append(String.join(",", corridors)).append(",")
                    .append(String.join(",", offices)).append(" during office-hours\n");
            for (int d = 0; d < DEPARTMENTS; d++) {
                if (!departmentRooms.get(d).isEmpty()) {
                    policies.append("allow dept-").append(d).append(" zone ")
                            .append(String.join(",", departmentRooms.get(d))).append(" during office-hours\n");
                    policies.append("allow dept-").append(d).append(" zone ")
                            .append(String.join(",", labs.subList(0, Math.min(labs.size(), d + 1))))
                            .append(" during office-hours\n");
                }
            }
            policies.append("allow it zone ").append(String.join(",", servers)).append(" during always\n");
            policies.append("allow it zone hall,").append(String.join(",", corridors)).append('\n');
            policies.append("allow visitor zone hall,").append(String.join(",", corridors)).append(",")
                    .append(String.join(",", offices)).append(" during opening-hours\n");
            for (List<String> rooms : departmentRooms) {
                if (!rooms.isEmpty()) {
                    policies.append("allow visitor zone ").append(String.join(",", rooms))
                            .append(" during opening-hours\n");
                }
            }
            policies.append("deny visitor zone ").append(String.join(",", servers)).append('\n');
            policies.append("deny visitor zone ").append(String.join(",", labs)).append('\n');
            policies.append("allow contractor zone hall,").append(String.join(",", corridors))
                    .append(" during office-hours\n");
            policies.append("allow contractor zone ").append(String.join(",", servers)).append(" during maintenance\n");
            policies.append("deny contractor zone ").append(String.join(",", labs)).append('\n');
            policies.append("allow security zone hall,").append(String.join(",", corridors)).append(",")
                    .append(String.join(",", offices)).append(",").append(String.join(",", labs)).append(" during always\n");
            policies.append("allow cleaning zone hall,").append(String.join(",", corridors)).append(",")
                    .append(String.join(",", offices)).append(" during cleaning\n");
            for (int f = 1; f <= FLOORS; f++) {
                policies.append("allow security door door.").append(f).append("f.corridor during always\n");
            }
            Files.writeString(dir.resolve("policies.cfg"), policies.toString());

            StringBuilder peopleFile = new StringBuilder();
            Random random = new Random(7);
            for (int p = 0; p < people; p++) {
                String id = String.format(Locale.ROOT, "P%05d", p);
                String groups;
                int kind = p % 100;
                if (kind < 5) {
                    groups = "visitor";
                } else if (kind < 8) {
                    groups = "contractor";
                } else if (kind < 9) {
                    groups = "security";
                } else if (kind < 10) {
                    groups = "cleaning";
                } else if (kind < 15) {
                    groups = "staff,it,dept-" + p % DEPARTMENTS;
                } else {
                    groups = "staff,dept-" + p % DEPARTMENTS;
                }
                peopleFile.append("person ").append(id).append(" name \"社員 ").append(p).append("\" groups ")
                        .append(groups).append('\n');
                String number = String.format(Locale.ROOT, "04%014d", 1_000_000L + p * 7919L);
                b.cardNumbers.add(number);
                peopleFile.append("card ").append(id).append(' ').append(number);
                int validity = random.nextInt(100);
                if (validity < 70) {
                    peopleFile.append(" valid 2026-04-01..2027-03-31");
                } else if (validity < 72) {
                    peopleFile.append(" valid ..2026-03-31");
                }
                if (random.nextInt(100) == 0) {
                    peopleFile.append(" state suspended");
                }
                peopleFile.append('\n');
            }
            Files.writeString(dir.resolve("people.cfg"), peopleFile.toString());
            Files.writeString(dir.resolve("holidays.cfg"), "2026-01-01 \"元日\"\n2026-05-04 \"みどりの日\"\n"
                    + "2026-05-05 \"こどもの日\"\n2026-05-06 \"振替休日\"\n2026-07-20 \"海の日\"\n2026-09-21 \"敬老の日\"\n"
                    + "2026-09-22 \"国民の休日\"\n2026-09-23 \"秋分の日\"\n2026-11-03 \"文化の日\"\n");
            return b;
        }

        /**
         * A day of swipes from 08:00 on a Thursday, one every 100 ms: 95 % known cards (5 % strangers' cards), a
         * person mostly on their own floor, 60 % entries; readers a little behind the hub, one swipe in 200 late.
         */
        Swipe[] swipes(UnaryOperator<String> pseudonym, int count, Random random) {
            String[] cards = cardNumbers.stream().map(pseudonym).toArray(String[]::new);
            String[] strangers = new String[500];
            for (int i = 0; i < strangers.length; i++) {
                strangers[i] = pseudonym.apply("stranger-" + i);
            }
            Map<Integer, List<DoorInfo>> byFloor = new HashMap<>();
            for (DoorInfo door : doors) {
                byFloor.computeIfAbsent(door.floor(), f -> new ArrayList<>()).add(door);
            }
            Instant start = LocalDateTime.parse("2026-05-07T08:00").atZone(TOKYO).toInstant();
            Swipe[] swipes = new Swipe[count];
            for (int i = 0; i < count; i++) {
                int person = random.nextInt(cards.length);
                String card = random.nextInt(100) < 95 ? cards[person] : strangers[random.nextInt(strangers.length)];
                List<DoorInfo> floor = byFloor.get(random.nextInt(100) < 80 ? 1 + person % FLOORS
                        : 1 + random.nextInt(FLOORS));
                if (floor == null) {
                    floor = doors;
                }
                DoorInfo door = floor.get(random.nextInt(floor.size()));
                String reader = random.nextInt(100) < 60 ? "entry" : "exit";
                Instant at = start.plusMillis(100L * i);
                Instant deviceTime = random.nextInt(200) == 0 ? at.minusSeconds(15) : at.minusMillis(random.nextInt(200));
                swipes[i] = new Swipe("swipe-" + i, door.device(), reader, card, at, deviceTime);
            }
            return swipes;
        }
    }

    private DecisionBenchmark() {
    }
}
