package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The sandbox's one Node, where every simulated Pod is scheduled: Ready, with the control-plane role (as minikube's
 * single node has), this machine's OS and CPU count, and 127.0.0.1 as its address, since every pod's server listens
 * there. {@code kubectl get nodes} and {@code get pods -o wide} show it.
 */
final class SandboxNode {

    static final String NAME = "ingress-lab-sandbox";
    static final String ADDRESS = "127.0.0.1";

    private SandboxNode() {
    }

    /** Registers the node, as a kubelet does when it starts; an existing one (a restored store) is kept. */
    static void register(KubernetesClient client) {
        if (client.nodes().withName(NAME).get() != null) {
            return;
        }
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String arch = switch (System.getProperty("os.arch", "")) {
            case "aarch64", "arm64" -> "arm64";
            case "amd64", "x86_64" -> "amd64";
            default -> System.getProperty("os.arch", "unknown");
        };
        String cpus = String.valueOf(Runtime.getRuntime().availableProcessors());
        Map<String, Quantity> capacity = Map.of("cpu", new Quantity(cpus), "memory",
                new Quantity(Runtime.getRuntime().maxMemory() / 1024 + "Ki"), "pods", new Quantity("110"));
        Node node = new NodeBuilder().withNewMetadata().withName(NAME)
                .addToLabels("kubernetes.io/hostname", NAME).addToLabels("kubernetes.io/os", "linux")
                .addToLabels("kubernetes.io/arch", arch).addToLabels("node-role.kubernetes.io/control-plane", "")
                .addToLabels(SimulatedWorkloads.SANDBOX_LABEL, "true") // registered anew at each start
                .endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                .withMessage("kubelet is posting ready status").withLastHeartbeatTime(now)
                .withLastTransitionTime(now).endCondition()
                .addNewAddress().withType("InternalIP").withAddress(ADDRESS).endAddress()
                .addNewAddress().withType("Hostname").withAddress(NAME).endAddress()
                .withCapacity(capacity).withAllocatable(capacity)
                .withNewNodeInfo().withKubeletVersion("v1.32.0").withKubeProxyVersion("v1.32.0")
                .withOperatingSystem("linux").withArchitecture(arch)
                .withOsImage("Ingress Lab sandbox on " + System.getProperty("os.name", "") + " "
                        + System.getProperty("os.version", ""))
                .withKernelVersion(System.getProperty("os.version", "")).withContainerRuntimeVersion("simulated://1")
                .withMachineID("").withSystemUUID("").withBootID("").endNodeInfo().endStatus().build();
        client.nodes().resource(node).create();
    }
}
