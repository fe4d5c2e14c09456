package dev.ingresslab.cluster;

import io.fabric8.kubernetes.client.KubernetesClientException;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLException;

/** Turns the API server's failures into one line that says what to do. */
public final class ClusterErrors {

    private ClusterErrors() {
    }

    /**
     * Like {@link #describe(KubernetesClientException)}, with advice for the kind of cluster the context is when the
     * API server cannot be reached. A server that was reached but answered slowly is not "unreachable": it gets
     * {@link #SLOW_ANSWER}, not advice about starting the cluster or joining its network.
     */
    public static String describe(KubernetesClientException error, KubeContext context) {
        if (unreachable(error)) {
            return context.whenUnreachable();
        }
        return describe(error);
    }

    /**
     * True when no connection to the API server could be made: refused, no route, or no connection within the
     * connect timeout. A request that timed out once connected ({@link java.net.http.HttpTimeoutException} that is
     * not an {@link java.net.http.HttpConnectTimeoutException}, a read timeout) is a slow answer, not this.
     */
    static boolean unreachable(Throwable error) {
        java.net.SocketTimeoutException timeout = find(error, java.net.SocketTimeoutException.class);
        return find(error, ConnectException.class) != null || find(error, java.net.NoRouteToHostException.class) != null
                || find(error, java.net.http.HttpConnectTimeoutException.class) != null
                || timeout != null && timeout.getMessage() != null
                && timeout.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connect");
    }

    /** What a request that reached the API server but got no answer in time means, and what to check. */
    static final String SLOW_ANSWER = "the API server accepted the connection but did not answer in time (it may be"
            + " starting or overloaded, or a proxy between us holds the request): check `kubectl get --raw /readyz`"
            + " with the same context, and try again";

    public static String describe(KubernetesClientException error) {
        if (error.getCode() == 401) {
            return "the API server does not accept your credentials (401): log in again, or refresh the kubeconfig";
        }
        if (error.getCode() == 403) {
            return "your user may not do this (403): " + firstLine(error.getMessage())
                    + "; with RBAC limited to some namespaces, pass them with --namespace";
        }
        if (unreachable(error)) {
            return "the API server cannot be reached (the connection was refused or not made in time): is the"
                    + " cluster running? (minikube: `minikube start`; kind: `kind get clusters`)";
        }
        if (find(error, java.net.http.HttpTimeoutException.class) != null
                || find(error, java.net.SocketTimeoutException.class) != null) {
            return SLOW_ANSWER;
        }
        UnknownHostException unknownHost = find(error, UnknownHostException.class);
        if (unknownHost != null) {
            return "the API server's host name does not resolve (" + unknownHost.getMessage() + "): check the"
                    + " context's server address";
        }
        if (find(error, CertificateExpiredException.class) != null) {
            return "the cluster's certificate has expired: renew it (minikube: `minikube update-context`)";
        }
        SSLException tls = find(error, SSLException.class);
        if (tls != null) {
            return "the TLS handshake with the API server failed: " + tls.getMessage();
        }
        return firstLine(error.getMessage());
    }

    /** The first cause of the given type in the chain: clients wrap the telling exception in others. */
    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        return message == null ? "no message" : message.lines().findFirst().orElse(message);
    }
}
