package dev.ingresslab.core.hosts;

import dev.ingresslab.hosts.HostName;
import dev.ingresslab.hosts.HostsFile;
import dev.ingresslab.hosts.HostsPlan;
import dev.ingresslab.hosts.HostsStatus;
import dev.ingresslab.hosts.Mapping;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the hosts file has for each name the served Ingresses need, with the URL to open: what {@code hosts status}
 * prints and the Hosts view shows. Made from one read of the file; immutable.
 *
 * @param file     the hosts file read
 * @param wanted   the names the served Ingresses need, with the wildcards and the names refused
 * @param rows     one per wanted name, in its order
 * @param stale    names in our block that no served Ingress names any more ({@code sync} removes them), sorted
 * @param plan     what {@code sync} would change now ({@link HostsPlan#isEmpty()} when nothing)
 * @param httpPort the proxy's HTTP port the URLs name
 */
public record HostsReport(Path file, WantedHosts wanted, List<Row> rows, List<String> stale, HostsPlan plan,
                          int httpPort) {

    public HostsReport {
        Objects.requireNonNull(file);
        Objects.requireNonNull(wanted);
        rows = List.copyOf(rows);
        stale = List.copyOf(stale);
        Objects.requireNonNull(plan);
    }

    /**
     * One wanted name.
     *
     * @param name   the name, with its Ingresses and path
     * @param status what the file has for it: in our block, mapped elsewhere (which lines), or absent
     * @param url    the URL to open once the name leads here ({@link ExactUrl}: the port when it is not 80)
     */
    public record Row(WantedHosts.Name name, HostsStatus status, String url) {

        /** {@code in the block}, {@code mapped elsewhere: line 3 "10.0.0.5 alpaca.example.com"}, {@code missing}. */
        public String state() {
            return switch (status.state()) {
                case IN_BLOCK -> "in the block";
                case ABSENT -> "missing";
                case ELSEWHERE -> {
                    Mapping first = status.effective() != null ? status.effective() : status.elsewhere().get(0);
                    yield "mapped elsewhere: line " + first.line() + " \"" + first.display() + "\""
                            + (status.inBlock() ? " (and in the block)" : "");
                }
            };
        }

        /** Whether a browser on this machine reaches Ingress Lab by this name, as the file stands. */
        public boolean reachesUs() {
            return status.reachesIngressLab();
        }

        /** What to do about it, or empty when nothing: the status's own words for a line elsewhere. */
        public String advice() {
            return switch (status.state()) {
                case IN_BLOCK -> "";
                case ABSENT -> "sync adds it";
                case ELSEWHERE -> status.describe();
            };
        }
    }

    /**
     * The report of one read.
     *
     * @param file     the hosts file
     * @param content  the file as read ({@link HostsFile#absent()} when there is none)
     * @param wanted   the names wanted
     * @param httpPort the proxy's HTTP port, 1–65535
     */
    public static HostsReport of(Path file, HostsFile content, WantedHosts wanted, int httpPort) {
        List<Row> rows = new ArrayList<>();
        List<HostName> names = new ArrayList<>();
        for (WantedHosts.Name name : wanted.names()) {
            HostName hostName = new HostName(name.name());
            names.add(hostName);
            rows.add(new Row(name, content.status(hostName), name.url(httpPort)));
        }
        Set<String> wantedSet = wanted.nameSet();
        List<String> stale = content.managedNames().stream().map(HostName::value)
                .filter(name -> !wantedSet.contains(name)).toList();
        return new HostsReport(file, wanted, rows, stale, HostsPlan.sync(content, names), httpPort);
    }

    /** Whether every wanted name reaches Ingress Lab through the file as it stands. */
    public boolean allReachUs() {
        return rows.stream().allMatch(Row::reachesUs);
    }
}
