package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;

/**
 * The embedded cluster: an API server on 127.0.0.1 (fabric8's mock server in CRUD mode, holding objects in memory,
 * behind {@link KubectlFront}), with {@link SimulatedWorkloads} running the Deployments, and a kubeconfig (context
 * {@value #CONTEXT}) that points at it and carries the bearer token the API server requires, drawn afresh for each
 * sandbox ({@link AccessTokens}). Everything stops with it; nothing outlives the process but the kubeconfig file.
 */
public final class Sandbox implements AutoCloseable {

    public static final String CONTEXT = "ingress-lab-sandbox";

    private final KubernetesMockServer server;
    private final KubectlFront front;
    private final KubernetesClient client;
    private final SimulatedWorkloads workloads;
    private final Path kubeconfig;

    private Sandbox(KubernetesMockServer server, KubectlFront front, KubernetesClient client,
                    SimulatedWorkloads workloads, Path kubeconfig) {
        this.server = server;
        this.front = front;
        this.client = client;
        this.workloads = workloads;
        this.kubeconfig = kubeconfig;
    }

    /** Starts the API server and the workloads, and writes the kubeconfig to {@code kubeconfig}. */
    public static Sandbox start(Path kubeconfig) {
        return start(kubeconfig, KubectlFront.BODY_TIMEOUT, HttpWatch.Limits.DEFAULT);
    }

    /** {@link #start(Path)} with other limits, for tests that reach them quickly. */
    static Sandbox start(Path kubeconfig, java.time.Duration bodyTimeout, HttpWatch.Limits watchLimits) {
        AccessTokens tokens = AccessTokens.random();
        MockWebServer web = new MockWebServer();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), web, new HashMap<>(),
                new StoreGuard(new KubernetesCrudDispatcher(), tokens.store(), web), false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox API server", e);
        }
        String url = "http://127.0.0.1:" + server.getPort();
        // The sandbox's own client talks to the store directly, with the store's token (see StoreGuard), over
        // HTTP/1.1: the JDK client's h2c upgrade, which the store accepts, stalled the store's event loop.
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url).withNamespace("default")
                .withOauthToken(tokens.store()).withHttp2Disable(true).withRequestRetryBackoffLimit(0).build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        // A real cluster starts with its namespaces; kubectl get ns shows them.
        for (String namespace : java.util.List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
            client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                    .withName(namespace).endMetadata().withNewStatus().withPhase("Active").endStatus().build())
                    .create();
        }
        SimulatedWorkloads workloads = new SimulatedWorkloads(client);
        KubectlFront front = null;
        try {
            workloads.start();
            ServingCertificate certificate = ServingCertificate.generate();
            front = new KubectlFront(URI.create(url), tokens, certificate, kubeconfig.toString(), client, workloads,
                    bodyTimeout, watchLimits);
            writeKubeconfig(kubeconfig, "https://127.0.0.1:" + front.port(), certificate.authorityData(),
                    tokens.client());
        } catch (RuntimeException e) {
            if (front != null) {
                front.close();
            }
            workloads.close();
            client.close();
            server.destroy();
            throw e;
        }
        return new Sandbox(server, front, client, workloads, kubeconfig);
    }

    /**
     * The sandbox's own client, for code in this process ({@code demo}'s controller, the sample deployer): it reaches
     * the object store directly, with the store's token, past the front's checks (they guard against what
     * comes from outside the process).
     */
    public KubernetesClient client() {
        return client;
    }

    /** The kubeconfig to give kubectl: {@code export KUBECONFIG=…}. */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The object store's own address, behind the front (for tests that check it lets nobody else in). */
    String storeUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** The API server's address as kubectl and the kubeconfig see it. */
    public String apiServerUrl() {
        return "https://127.0.0.1:" + front.port();
    }

    /** Written to a temporary file and moved into place, readable by the owner only (it names a token). */
    private static void writeKubeconfig(Path file, String url, String authority, String token) {
        String text = """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: %1$s
                    cluster: {server: "%2$s", certificate-authority-data: "%3$s"}
                users:
                  - name: %1$s
                    user: {token: "%4$s"}
                contexts:
                  - name: %1$s
                    context: {cluster: %1$s, user: %1$s, namespace: default}
                current-context: %1$s
                """.formatted(CONTEXT, url, authority, token);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".kubeconfig", ".tmp");
            try {
                setOwnerOnly(temporary);
                Files.writeString(temporary, text);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sandbox kubeconfig " + file + ": " + e.getMessage(), e);
        }
    }

    private static void setOwnerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the user's profile folder protects it
        }
    }

    @Override
    public void close() {
        front.close();
        workloads.close();
        client.close();
        server.destroy();
    }
}
