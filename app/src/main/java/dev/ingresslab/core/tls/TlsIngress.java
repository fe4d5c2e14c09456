package dev.ingresslab.core.tls;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An Ingress with a {@code spec.tls} section, as the TLS pane offers it for Issue: its secure hosts, and whether any
 * of them lacks a certificate of its own or has one of ours that is due.
 *
 * @param ingress    {@code namespace/name}
 * @param hosts      its secure hosts, in the table's order
 * @param wantsIssue whether Issue would write a Secret for it ({@link HostCertificate#wantsIssuing})
 */
public record TlsIngress(String ingress, List<String> hosts, boolean wantsIssue) {

    public TlsIngress {
        Objects.requireNonNull(ingress);
        hosts = List.copyOf(hosts);
    }

    /**
     * {@code Ingress default/tls-ingress}: the Ingress as the rest of the product names an object to a person, kind
     * first ({@code Origin.kindAndName}).
     */
    public String kindAndName() {
        return "Ingress " + ingress;
    }

    /** The Ingress's namespace. */
    public String namespace() {
        return ingress.substring(0, ingress.indexOf('/'));
    }

    /** The Ingress's name. */
    public String name() {
        return ingress.substring(ingress.indexOf('/') + 1);
    }

    /**
     * The Ingresses of {@code rows}, each once, in the order of their first row. A Gateway listener's rows are left
     * out: Issue writes the Secrets an Ingress's {@code spec.tls} names, and a Gateway may share an Ingress's name.
     */
    public static List<TlsIngress> of(List<HostCertificate> rows) {
        Map<String, List<HostCertificate>> byIngress = new LinkedHashMap<>();
        rows.stream().filter(row -> row.origin().kind().equals("Ingress")).forEach(row -> byIngress
                .computeIfAbsent(row.origin().objectName(), key -> new ArrayList<>()).add(row));
        return byIngress.entrySet().stream().map(entry -> new TlsIngress(entry.getKey(),
                entry.getValue().stream().map(HostCertificate::host).distinct().toList(), // a row per certificate
                entry.getValue().stream().anyMatch(HostCertificate::wantsIssuing))).toList();
    }
}
