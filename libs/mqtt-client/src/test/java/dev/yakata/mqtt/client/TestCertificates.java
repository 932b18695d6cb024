package dev.yakata.mqtt.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A throwaway CA and a server certificate for 127.0.0.1 made with openssl, for Mosquitto's TLS listener. */
public record TestCertificates(Path caCertificate, Path serverCertificate, Path serverKey) {

    public static TestCertificates create(Path dir, String name) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path caKey = dir.resolve(name + "-ca.key");
        Path ca = dir.resolve(name + "-ca.pem");
        Path key = dir.resolve(name + "-server.key");
        Path csr = dir.resolve(name + "-server.csr");
        Path cert = dir.resolve(name + "-server.pem");
        Path ext = dir.resolve(name + "-san.ext");
        Files.writeString(ext, "subjectAltName=IP:127.0.0.1\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Yakata test CA " + name,
                "-keyout", caKey.toString(), "-out", ca.toString());
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", key.toString(), "-out", csr.toString());
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(), "-CAcreateserial",
                "-days", "2", "-extfile", ext.toString(), "-out", cert.toString());
        return new TestCertificates(ca, cert, key);
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }
}
