package dev.ingresslab.cluster;

/**
 * What Ingress Lab tells a user whose cluster lacks the Gateway API: its kinds are CRDs (gateway-api's standard
 * channel), not part of Kubernetes, and a cluster serves {@code gateway.networking.k8s.io} only once they are
 * installed.
 */
public final class GatewayApiSupport {

    /** The Gateway API's API group. */
    public static final String GROUP = "gateway.networking.k8s.io";

    /** The Gateway API release whose standard channel we name for installing (fabric8 8.0's model is of it). */
    public static final String INSTALL_VERSION = "v1.5.1";

    private GatewayApiSupport() {
    }

    /** The command that installs the standard channel's CRDs (server-side: the CRDs are too big for client-side). */
    public static String installCommand() {
        return "kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/"
                + INSTALL_VERSION + "/standard-install.yaml";
    }

    /**
     * One line for a cluster without the Gateway API: what cannot be done, and the command that fixes it.
     *
     * @param consequence what does not work, as a clause: {@code "HTTPRoutes are not served"}
     */
    public static String notInstalled(String consequence) {
        return "the Gateway API is not installed in this cluster (it does not serve " + GROUP + "/v1): "
                + consequence + ". To use it, install its CRDs: `" + installCommand() + "`";
    }
}
