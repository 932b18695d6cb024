package dev.yakata.chain;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The offline verifier an auditor runs on an export, with nothing but this jar, a JDK 17 and the hub's public key:
 * <pre>java -jar yakata-audit-chain.jar --public-key yakata-audit.pub export.csv</pre>
 * Exit status 0 when every chain is intact, 1 when one is not, 2 for a usage or input error (the reason is printed).
 */
public final class Main {

    static final int INTACT = 0;
    static final int TAMPERED = 1;
    static final int INPUT_ERROR = 2;

    private static final String USAGE = "usage: java -jar yakata-audit-chain.jar --public-key FILE [--public-key FILE ...] EXPORT.csv\n"
            + "  --public-key FILE  the hub's audit public key (etc/yakata-audit.pub); repeat it for checkpoints signed by an older key\n"
            + "  EXPORT.csv         an audit export written by the hub\n"
            + "Exit status: 0 intact, 1 tampered, 2 usage or input error.";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the verifier: the report to {@code out}, errors to {@code err}; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        List<Path> keyFiles = new ArrayList<>();
        Path export = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                out.println(USAGE);
                return INTACT;
            } else if (a.equals("--public-key")) {
                if (i + 1 == args.length) {
                    return usage(err, "--public-key needs a file name");
                }
                keyFiles.add(Path.of(args[++i]));
            } else if (a.startsWith("--public-key=")) {
                keyFiles.add(Path.of(a.substring("--public-key=".length())));
            } else if (a.startsWith("-")) {
                return usage(err, "unknown option " + a);
            } else if (export != null) {
                return usage(err, "one export at a time: both " + export + " and " + a + " were given");
            } else {
                export = Path.of(a);
            }
        }
        if (keyFiles.isEmpty()) {
            return usage(err, "no --public-key given: the verifier needs the hub's etc/yakata-audit.pub");
        }
        if (export == null) {
            return usage(err, "no export file given");
        }
        if (!Files.isRegularFile(export)) {
            err.println("error: the export " + export + " does not exist or is not a file");
            return INPUT_ERROR;
        }
        List<PublicKey> keys = new ArrayList<>();
        for (Path f : keyFiles) {
            try {
                keys.add(CheckpointSigner.readPublicKey(f));
            } catch (KeyFileException e) {
                err.println("error: " + e.getMessage());
                return INPUT_ERROR;
            }
        }
        ChainVerifier verifier = new ChainVerifier(keys);
        List<VerifyReport> reports;
        try {
            reports = verifier.verifyExport(export);
        } catch (CsvFormatException e) {
            err.println("error: " + export + " is not a well-formed audit export: " + e.getMessage());
            return INPUT_ERROR;
        } catch (NoSuchFileException e) {
            err.println("error: cannot read " + export + ": no such file");
            return INPUT_ERROR;
        } catch (IOException e) {
            err.println("error: cannot read " + export + ": " + e);
            return INPUT_ERROR;
        }
        return print(out, export, verifier, reports);
    }

    private static int print(PrintStream out, Path export, ChainVerifier verifier, List<VerifyReport> reports) {
        out.println("Yakata audit export verification");
        out.println("  export:      " + export);
        out.println("  public keys: " + String.join(", ", verifier.keyIds()));
        if (reports.isEmpty()) {
            out.println("  the export holds no record and no checkpoint");
        }
        VerifyReport firstBad = null;
        for (VerifyReport r : reports) {
            out.println();
            out.println("Chain " + r.chain());
            out.printf("  records:     %,d checked%s%n", r.recordsChecked(),
                    r.recordsChecked() == 0 ? "" : " (sequence " + r.firstSequence() + " to " + r.lastSequence() + ")");
            out.printf("  checkpoints: %,d checked%s%n", r.checkpointsChecked(), r.lastCheckpointTime() == null ? ""
                    : ", the last signed " + r.lastCheckpointTime() + " for sequence " + r.lastCheckpointCount());
            if (r.intact()) {
                out.println("  result:      INTACT");
                if (r.lastSequence() > r.lastCheckpointCount()) {
                    out.println("  note:        records after sequence " + r.lastCheckpointCount()
                            + " are chained but no checkpoint signs them yet: a cut tail there would not show");
                }
            } else {
                out.println("  result:      TAMPERED: " + r.problem().kind() + " at sequence " + r.problem().sequence());
                out.println("  problem:     " + r.problem().message());
                if (firstBad == null) {
                    firstBad = r;
                }
            }
        }
        out.println();
        if (firstBad == null) {
            out.println("Result: INTACT (" + reports.size() + " chain" + (reports.size() == 1 ? "" : "s") + ")");
            return INTACT;
        }
        out.println("Result: TAMPERED (first problem: chain " + firstBad.chain() + ", " + firstBad.problem().kind()
                + " at sequence " + firstBad.problem().sequence() + ")");
        return TAMPERED;
    }

    private static int usage(PrintStream err, String why) {
        err.println("error: " + why);
        err.println(USAGE);
        return INPUT_ERROR;
    }
}
