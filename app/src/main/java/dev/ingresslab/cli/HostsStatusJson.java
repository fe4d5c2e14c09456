package dev.ingresslab.cli;

import dev.ingresslab.core.hosts.HostsReport;
import dev.ingresslab.core.hosts.WantedHosts;
import dev.ingresslab.hosts.HostName;
import dev.ingresslab.hosts.Mapping;

import java.util.List;

/**
 * {@code hosts status -o json|yaml}: the report as data, one stable shape (documented in docs/cli.md, "hosts"); fields
 * are only ever added, never renamed or removed. Field order is declaration order.
 *
 * @param hostsFile the hosts file read, as given
 * @param exists    whether it exists (a missing file is read as empty)
 * @param readFrom  where the Ingresses came from: {@code context kind-lab (kind), API server …, all namespaces} (or
 *                  {@code namespaces a, b}) for a cluster; {@code files a.yaml, b/} for manifests
 * @param httpPort  the proxy's HTTP port the URLs name (80: no port in them)
 * @param portFrom  why that port ({@code as asked}, {@code the running demo's}, …)
 * @param names     one per precise host of the served Ingresses, in the report's order
 * @param stale     names in the Ingress Lab block that no served Ingress names any more (sync removes them)
 * @param wildcards wildcard hosts, which a hosts file cannot hold, with the names seen in requests
 * @param refused   host names that are not for a hosts file, with why
 * @param anyHost   whether some rule (or a defaultBackend) takes any host: reached at 127.0.0.1 with no entry
 * @param upToDate  whether {@code hosts sync} would change nothing
 * @param sync      what {@code hosts sync} would add and remove
 */
record HostsStatusJson(String hostsFile, boolean exists, String readFrom, int httpPort, String portFrom,
                       List<Name> names, List<String> stale, List<Wildcard> wildcards, List<Refused> refused,
                       boolean anyHost, boolean upToDate, Sync sync) {

    /**
     * One wanted name.
     *
     * @param name              the host name, lowercase (punycode for an IDN)
     * @param state             {@code in-block}, {@code elsewhere} (another line maps it; the block may too) or
     *                          {@code missing}
     * @param inBlock           whether the Ingress Lab block maps it
     * @param reachesIngressLab whether a resolver reading the file sends it to 127.0.0.1 or ::1
     * @param elsewhere         the lines outside the block that map it, in file order
     * @param url               the exact URL to open (with the port when it is not 80)
     * @param ingresses         the Ingresses that name it, {@code namespace/name} (just {@code name} from files
     *                          without a namespace)
     */
    record Name(String name, String state, boolean inBlock, boolean reachesIngressLab, List<Line> elsewhere,
                String url, List<String> ingresses) {
    }

    /**
     * A line of the hosts file outside the block.
     *
     * @param line        its number, from 1
     * @param address     the address it maps the name to
     * @param text        the line as written, trimmed, each control character as a space
     * @param beforeBlock whether it comes before the block (the first mapping of a name wins)
     */
    record Line(int line, String address, String text, boolean beforeBlock) {
    }

    /** A wildcard host: {@code pattern}, the Ingresses that name it, the names seen in requests it took. */
    record Wildcard(String pattern, List<String> ingresses, List<String> seen) {
    }

    /** A host name that cannot go in a hosts file, and why. */
    record Refused(String name, String reason) {
    }

    /** What sync would change: the names added and removed (each to or from 127.0.0.1 and ::1). */
    record Sync(List<String> add, List<String> remove) {
    }

    /** The data of {@code report}, read from {@code readFrom} with the port {@code port}. */
    static HostsStatusJson of(HostsReport report, String readFrom, UrlPort port) {
        WantedHosts wanted = report.wanted();
        return new HostsStatusJson(report.file().toString(), report.plan().current().exists(), readFrom,
                port.port(), port.why(), report.rows().stream().map(HostsStatusJson::name).toList(), report.stale(),
                wanted.wildcards().stream().map(w -> new Wildcard(w.pattern(), w.ingresses(), w.seen())).toList(),
                wanted.refused().stream().map(r -> new Refused(r.name(), r.reason())).toList(), wanted.anyHost(),
                report.plan().isEmpty(), new Sync(report.plan().added().stream().map(HostName::value).toList(),
                        report.plan().removed().stream().map(HostName::value).toList()));
    }

    private static Name name(HostsReport.Row row) {
        String state = switch (row.status().state()) {
            case IN_BLOCK -> "in-block";
            case ELSEWHERE -> "elsewhere";
            case ABSENT -> "missing";
        };
        return new Name(row.name().name(), state, row.status().inBlock(), row.status().reachesIngressLab(),
                row.status().elsewhere().stream().map(HostsStatusJson::line).toList(), row.url(),
                row.name().ingresses());
    }

    private static Line line(Mapping mapping) {
        return new Line(mapping.line(), mapping.address(), mapping.display(), mapping.beforeBlock());
    }
}
