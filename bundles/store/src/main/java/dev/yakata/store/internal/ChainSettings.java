package dev.yakata.store.internal;

import java.nio.file.Path;

/**
 * Where the audit trail's checkpoint keys live and how often checkpoints are signed, from {@code etc/dev.yakata.store.cfg}
 * ({@link StoreConfig#auditSigningKey()}, {@link StoreConfig#auditPublicKey()}, {@link StoreConfig#checkpointSeconds()}).
 *
 * @param signingKey        the Ed25519 private key (PKCS#8 PEM), created on first start; back it up
 * @param publicKey         the public key (X.509 PEM) auditors verify exports with
 * @param checkpointSeconds at most this long between a new audit record and a checkpoint signed over it (1..60)
 */
record ChainSettings(Path signingKey, Path publicKey, int checkpointSeconds) {

    static final int DEFAULT_CHECKPOINT_SECONDS = 60;
    static final String SIGNING_KEY_FILE = "audit-signing.key";
    static final String PUBLIC_KEY_FILE = "yakata-audit.pub";

    ChainSettings {
        if (checkpointSeconds < 1 || checkpointSeconds > 60) {
            throw new IllegalArgumentException("checkpointSeconds = " + checkpointSeconds + " in etc/" + StoreSettings.PID
                    + ".cfg is out of range: set it between 1 and 60 (the audit trail is signed at least every minute)");
        }
        signingKey = signingKey.toAbsolutePath().normalize();
        publicKey = publicKey.toAbsolutePath().normalize();
    }

    /** The keys in {@code folder}, as tests and benchmarks use them. */
    static ChainSettings in(Path folder, int checkpointSeconds) {
        return new ChainSettings(folder.resolve(SIGNING_KEY_FILE), folder.resolve(PUBLIC_KEY_FILE), checkpointSeconds);
    }

    /** Empty key settings mean {@code ${karaf.data}/yakata/audit-signing.key} and {@code ${karaf.etc}/yakata-audit.pub}. */
    static ChainSettings from(StoreConfig config, String karafData, String karafEtc) {
        Path signing = config.auditSigningKey().isBlank()
                ? Path.of(orDefault(karafData, "data"), "yakata", SIGNING_KEY_FILE) : Path.of(config.auditSigningKey().trim());
        Path publicKey = config.auditPublicKey().isBlank()
                ? Path.of(orDefault(karafEtc, "etc"), PUBLIC_KEY_FILE) : Path.of(config.auditPublicKey().trim());
        return new ChainSettings(signing, publicKey, config.checkpointSeconds());
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
