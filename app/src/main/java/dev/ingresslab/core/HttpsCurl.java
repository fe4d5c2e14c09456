package dev.ingresslab.core;

import dev.ingresslab.text.ShellWords;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The https URL and {@code curl} command for a host the proxy serves with a certificate: what the terminal's guide
 * prints and what the window offers, so the two never differ. The command works as typed on this machine with no
 * hosts-file entry and no trust-store change: {@code --resolve host:port:127.0.0.1} connects to the proxy while SNI,
 * the {@code Host} header and the certificate check use the name, and {@code --cacert} trusts the local CA that
 * issued the certificate (curl(1), {@code --resolve} and {@code --cacert}).
 */
public final class HttpsCurl {

    private HttpsCurl() {
    }

    /**
     * {@code https://HOST[:PORT]PATH}, the port left out when it is 443 (RFC 9110 §4.2.2, https's default port).
     *
     * @param host      a concrete host name (not a wildcard), lower case
     * @param path      the path, starting with {@code /}
     * @param httpsPort the proxy's HTTPS port, 1–65535
     * @throws IllegalArgumentException when the port is out of range
     */
    public static String url(String host, String path, int httpsPort) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        if (httpsPort <= 0 || httpsPort > 65535) {
            throw new IllegalArgumentException("the HTTPS port must be 1–65535, not " + httpsPort
                    + ": start the proxy with an https listener (--https-port) first");
        }
        return "https://" + host + (httpsPort == 443 ? "" : ":" + httpsPort) + path;
    }

    /**
     * {@code curl --cacert CA --resolve HOST:PORT:127.0.0.1 https://HOST[:PORT]PATH}, words shell-quoted where needed.
     *
     * @param host      a concrete host name (not a wildcard), lower case
     * @param path      the path, starting with {@code /}
     * @param httpsPort the proxy's HTTPS port, 1–65535
     * @param caFile    the local CA's certificate ({@code ca.pem} in the data directory), which issued the host's
     *                  certificate
     * @throws IllegalArgumentException when the port is out of range
     */
    public static String command(String host, String path, int httpsPort, Path caFile) {
        Objects.requireNonNull(caFile, "caFile");
        return ShellWords.command("curl", "--cacert", caFile.toString(), "--resolve",
                host + ":" + httpsPort + ":127.0.0.1", url(host, path, httpsPort));
    }
}
