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

    /** Like {@link #describe(KubernetesClientException)}, with advice for the kind of cluster the context is. */
    public static String describe(KubernetesClientException error, KubeContext context) {
        if (find(error, ConnectException.class) != null || find(error, java.net.http.HttpTimeoutException.class) != null
                || find(error, java.net.SocketTimeoutException.class) != null) {
            return context.whenUnreachable();
        }
        return describe(error);
    }

    public static String describe(KubernetesClientException error) {
        if (error.getCode() == 401) {
            return "the API server does not accept your credentials (401): log in again, or refresh the kubeconfig";
        }
        if (error.getCode() == 403) {
            return "your user may not do this (403): " + firstLine(error.getMessage())
                    + "; with RBAC limited to some namespaces, pass them with --namespace";
        }
        if (find(error, ConnectException.class) != null) {
            return "the API server refused the connection: is the cluster running? (minikube: `minikube start`;"
                    + " kind: `kind get clusters`)";
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
