package dev.yakata.shell.internal;

/**
 * The snapshot commands: each is an action of the in-hub {@code snapshots} device (docs/cctv.md), submitted as the
 * shell's user, so the command policy decides it (operators and above in the demo) and the audit trail records each
 * viewing as a command.
 */
abstract class SnapshotCommandSupport extends AccessCommandSupport {

    static final String SNAPSHOTS_DEVICE = "snapshots";

    @Override
    String device() {
        return SNAPSHOTS_DEVICE;
    }
}
