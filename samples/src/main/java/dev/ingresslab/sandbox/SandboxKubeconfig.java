package dev.ingresslab.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kubeconfig file of one running sandbox: one cluster, user and context of the same name, pointing at its API
 * server. When the sandbox stops the file is not deleted but marked stopped: its server becomes {@value
 * #STOPPED_SERVER}, a name in the {@code .invalid} domain that never resolves (RFC 6761 §6.4), so kubectl, still
 * pointed at the file by the user's {@code export KUBECONFIG=…}, answers at once {@code lookup
 * ingress-lab-demo-has-stopped.invalid: no such host}. A deleted file would instead make kubectl fall back to
 * {@code localhost:8080}, where another Ingress Lab's proxy may well answer with something confusing.
 */
public final class SandboxKubeconfig {

    /** Where a stopped sandbox's kubeconfig points. */
    public static final String STOPPED_SERVER = "http://ingress-lab-demo-has-stopped.invalid";
    private static final Pattern SERVER = Pattern.compile("(?m)^\\s*cluster: \\{server: \"([^\"]*)\"");

    private SandboxKubeconfig() {
    }

    /**
     * Writes the file atomically, readable by the owner only (it names the API server's bearer token).
     *
     * @param server    the API server's URL ({@code https://127.0.0.1:PORT})
     * @param authority the base64 PEM of the certificate that signs the API server's, as kubeconfig's
     *                  {@code certificate-authority-data} holds it
     * @param token     the bearer token the API server requires
     */
    public static void write(Path file, String context, String server, String authority, String token) {
        write(file, "", context, server, authority, token);
    }

    /**
     * Marks the file stopped if it still points at {@code server} (another sandbox may have taken it over since);
     * says nothing when it does not exist.
     */
    public static void markStopped(Path file, String context, String server) {
        if (server(file).filter(server::equals).isPresent()) {
            write(file, """
                    # The Ingress Lab sandbox this file pointed at (%s) stopped at %s.
                    # Start one again with `./ingress-lab demo`: this file will then point at it.
                    """.formatted(server, Instant.now().truncatedTo(ChronoUnit.SECONDS)), context, STOPPED_SERVER, null, "none");
        }
    }

    /** The server a kubeconfig written here points at; empty when there is no such file or it is not ours. */
    public static Optional<String> server(Path file) {
        try {
            Matcher matcher = SERVER.matcher(Files.readString(file, StandardCharsets.UTF_8));
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sandbox kubeconfig " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String comment, String context, String server, String authority,
                              String token) {
        String cluster = authority == null ? "{server: \"%s\"}".formatted(server)
                : "{server: \"%s\", certificate-authority-data: \"%s\"}".formatted(server, authority);
        String text = comment + """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: %1$s
                    cluster: %2$s
                users:
                  - name: %1$s
                    user: {token: "%3$s"}
                contexts:
                  - name: %1$s
                    context: {cluster: %1$s, user: %1$s, namespace: default}
                current-context: %1$s
                """.formatted(context, cluster, token);
        try {
            AtomicFile.write(file, text.getBytes(StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sandbox kubeconfig " + file + ": " + e.getMessage(), e);
        }
    }
}
