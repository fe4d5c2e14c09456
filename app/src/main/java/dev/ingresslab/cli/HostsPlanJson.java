package dev.ingresslab.cli;

import dev.ingresslab.core.hosts.HostsReport;
import dev.ingresslab.hosts.HostName;
import dev.ingresslab.hosts.HostsPlan;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code hosts plan -o json|yaml}: what {@code hosts sync} would change, as data; one stable shape (documented in
 * docs/cli.md, "hosts plan"); fields are only ever added, never renamed or removed. Field order is declaration order.
 * The first five fields are those of {@link HostsStatusJson}, with the same meaning.
 *
 * @param hostsFile the hosts file read, as given
 * @param exists    whether it exists (a missing file is read as empty)
 * @param readFrom  where the Ingresses came from: the cluster's line, or {@code files a.yaml, b/}
 * @param httpPort  the proxy's HTTP port the URLs name (80: no port in them)
 * @param portFrom  why that port
 * @param upToDate  whether sync would change nothing ({@code lines} is then empty)
 * @param add       the names sync would add to the Ingress Lab block, in the plan's order
 * @param remove    the names sync would take out of it
 * @param lines     the hosts-file lines that would come and go, as the text output's {@code +}/{@code -} lines:
 *                  each name to {@code 127.0.0.1} and {@code ::1}, adds first
 * @param block     what happens to the block: {@code unchanged}, {@code new} (none yet: one is added at the end of
 *                  the file), {@code removed} (no name is wanted any more: it goes, markers too) or {@code changed}
 * @param conflicts one sentence per line outside the block that maps a wanted name elsewhere (sync leaves it alone)
 */
record HostsPlanJson(String hostsFile, boolean exists, String readFrom, int httpPort, String portFrom,
                     boolean upToDate, List<String> add, List<String> remove, List<Line> lines, String block,
                     List<String> conflicts) {

    /** The addresses each name is mapped to in the block, in the order they are written. */
    static final List<String> ADDRESSES = List.of("127.0.0.1", "::1");

    /**
     * One line that sync would add to the block or take out of it.
     *
     * @param change  {@code add} or {@code remove}
     * @param address {@code 127.0.0.1} or {@code ::1}
     * @param name    the host name, lowercase (punycode for an IDN)
     */
    record Line(String change, String address, String name) {
    }

    /** The plan of {@code report}, whose Ingresses were read from {@code readFrom}, with the port {@code port}. */
    static HostsPlanJson of(HostsReport report, String readFrom, UrlPort port) {
        HostsPlan plan = report.plan();
        List<Line> lines = new ArrayList<>();
        if (!plan.isEmpty()) {
            plan.added().forEach(name -> ADDRESSES.forEach(a -> lines.add(new Line("add", a, name.value()))));
            plan.removed().forEach(name -> ADDRESSES.forEach(a -> lines.add(new Line("remove", a, name.value()))));
        }
        String block = plan.isEmpty() ? "unchanged" : !plan.current().hasBlock() ? "new"
                : plan.wanted().names().isEmpty() ? "removed" : "changed";
        return new HostsPlanJson(report.file().toString(), plan.current().exists(), readFrom, port.port(),
                port.why(), plan.isEmpty(), plan.added().stream().map(HostName::value).toList(),
                plan.removed().stream().map(HostName::value).toList(), lines, block,
                plan.conflicts().stream().map(conflict -> conflict.message()).toList());
    }
}
