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

    public static String describe(KubernetesClientException error) {
        Throwable cause = rootCause(error);
        if (error.getCode() == 401) {
            return "the API server does not accept your credentials (401): log in again, or refresh the kubeconfig";
        }
        if (error.getCode() == 403) {
            return "your user may not do this (403): " + firstLine(error.getMessage())
                    + "; with RBAC limited to some namespaces, pass them with --namespace";
        }
        if (cause instanceof ConnectException) {
            return "the API server refused the connection: is the cluster running? (minikube: `minikube start`;"
                    + " kind: `kind get clusters`)";
        }
        if (cause instanceof UnknownHostException) {
            return "the API server's host name does not resolve (" + cause.getMessage() + "): check the context's"
                    + " server address";
        }
        if (cause instanceof CertificateExpiredException) {
            return "the cluster's certificate has expired: renew it (minikube: `minikube update-context`)";
        }
        if (cause instanceof SSLException) {
            return "the TLS handshake with the API server failed: " + cause.getMessage();
        }
        return firstLine(error.getMessage());
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String firstLine(String message) {
        return message == null ? "no message" : message.lines().findFirst().orElse(message);
    }
}
