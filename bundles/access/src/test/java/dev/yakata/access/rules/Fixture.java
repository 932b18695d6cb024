package dev.yakata.access.rules;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

/** A small building in etc/access/ form (the demo's shape, with known line numbers), and helpers to swipe in it. */
final class Fixture {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    static final String ZONES = String.join("\n",
            "# zones of the test building",                                                          // 1
            "zone outside     level 0 name \"屋外\"",                                                  // 2
            "zone hall        level 1 name \"ロビー\"",                                                // 3
            "zone back-office level 2 name \"事務室\"",                                                // 4
            "zone server-room level 3 name \"サーバー室\" passback hard forgive-after 12h",               // 5
            "zone lab         level 2 name \"実験室\" passback soft",                                    // 6
            "",                                                                                        // 7
            "door door.1f.main-entrance  from outside to hall free-during opening-hours",             // 8
            "door door.1f.staff-entrance from outside to hall",                                        // 9
            "door door.2f.back-office    from hall to back-office unlock-seconds 7",                   // 10
            "door door.2f.server-room    from back-office to server-room unlock-seconds 5 held-open-seconds 30", // 11
            "door door.2f.lab            from back-office to lab entry-reader in exit-reader out",     // 12
            "",                                                                                        // 13
            "room server-room in server-room name \"サーバー室\" max-stay 4h",                             // 14
            "fire-release fire.panel alarm doors door.1f.main-entrance, door.1f.staff-entrance",       // 15
            "");

    static final String POLICIES = String.join("\n",
            "group staff",                                                                             // 1
            "group it",                                                                                // 2
            "group visitor escort-required",                                                           // 3
            "group contractor",                                                                        // 4
            "schedule office-hours  mon-fri 07:30-20:00 except holidays",                              // 5
            "schedule opening-hours mon-fri 08:30-17:15 except holidays",                              // 6
            "schedule always        daily 00:00-24:00",                                                // 7
            "schedule maintenance   sat,sun 09:00-12:00 13:00-17:00",                                  // 8
            "",                                                                                        // 9
            "allow staff   zone hall, back-office during office-hours",                                // 10
            "allow it      zone server-room during always",                                            // 11
            "allow visitor zone hall,back-office during opening-hours",                                // 12
            "deny  visitor zone server-room",                                                          // 13
            "allow staff   zone lab",                                                                  // 14
            "allow contractor door door.2f.back-office,door.2f.server-room during maintenance",        // 15
            "deny  contractor door door.2f.server-room during always",                                 // 16
            "allow it      zone hall,back-office",                                                     // 17
            "");

    static final String PEOPLE = String.join("\n",
            "person P0107 name \"山田 太郎\" groups staff,it",                                          // 1
            "person P0200 name \"佐藤 花子\" groups staff",                                             // 2
            "person V0001 name \"来訪者 1\" groups visitor",                                            // 3
            "person C0001 name \"業者 1\" groups contractor",                                           // 4
            "person P0300 name \"鈴木 一郎\" groups staff",                                             // 5
            "card P0107 staff-0107 valid 2026-04-01..2027-03-31",                                      // 6
            "card P0200 staff-0200",                                                                   // 7
            "card V0001 visitor-0001 state active",                                                    // 8
            "card C0001 contractor-0001",                                                              // 9
            "card P0300 suspended-0300 state suspended",                                               // 10
            "card P0300 lost-0300 state lost",                                                         // 11
            "card P0300 revoked-0300 state revoked",                                                   // 12
            "card P0300 old-0300 valid ..2026-03-31",                                                  // 13
            "card P0300 new-0300 valid 2026-06-01..",                                                  // 14
            "card P0300 staff-0300",                                                                   // 15
            "");

    /** Japan's national holidays of 2026, substitute holidays included. */
    static final String HOLIDAYS = String.join("\n",
            "2026-01-01 \"元日\"",
            "2026-01-12 \"成人の日\"",
            "2026-02-11 \"建国記念の日\"",
            "2026-02-23 \"天皇誕生日\"",
            "2026-03-20 \"春分の日\"",
            "2026-04-29 \"昭和の日\"",
            "2026-05-03 \"憲法記念日\"",
            "2026-05-04 \"みどりの日\"",
            "2026-05-05 \"こどもの日\"",
            "2026-05-06 \"振替休日\"",
            "2026-07-20 \"海の日\"",
            "2026-08-11 \"山の日\"",
            "2026-09-21 \"敬老の日\"",
            "2026-09-22 \"国民の休日\"",
            "2026-09-23 \"秋分の日\"",
            "2026-10-12 \"スポーツの日\"",
            "2026-11-03 \"文化の日\"",
            "2026-11-23 \"勤労感謝の日\"",
            "");

    /** Test pseudonyms: the core's shape ({@code card:} + 24 hex digits), a plain SHA-256 instead of its keyed MAC. */
    static String pseudonym(String number) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("test-key:" + number.trim())
                    .getBytes(StandardCharsets.UTF_8));
            StringBuilder text = new StringBuilder("card:");
            for (int i = 0; i < 12; i++) {
                text.append(String.format("%02x", digest[i]));
            }
            return text.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** The demo building written into {@code dir}. */
    static Path write(Path dir) throws Exception {
        Files.writeString(dir.resolve("zones.cfg"), ZONES);
        Files.writeString(dir.resolve("policies.cfg"), POLICIES);
        Files.writeString(dir.resolve("people.cfg"), PEOPLE);
        Files.writeString(dir.resolve("holidays.cfg"), HOLIDAYS);
        return dir;
    }

    static AccessConfig load(Path dir) throws AccessFileException {
        return AccessConfig.load(dir, Fixture::pseudonym);
    }

    /** An instant given as Tokyo wall-clock time, "2026-05-07T10:00". */
    static Instant tokyo(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(TOKYO).toInstant();
    }

    private static final AtomicLong IDS = new AtomicLong();

    /** A swipe of a card number at a door's reader, received at {@code at}, with the reader's clock right. */
    static Swipe swipe(String number, String door, String reader, Instant at) {
        return new Swipe("swipe-" + IDS.incrementAndGet(), door, reader, pseudonym(number), at, at);
    }

    static AccessEngine engine(AccessConfig config) {
        return new AccessEngine(config, AccessEngine.Settings.defaults(TOKYO));
    }

    private Fixture() {
    }
}
