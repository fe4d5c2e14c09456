package dev.ingresslab.proxy;

import dev.ingresslab.route.HostNormalizer;
import dev.ingresslab.route.VirtualHost;
import dev.ingresslab.route.Route;
import dev.ingresslab.route.RouteTable;

import java.util.ArrayList;
import java.util.List;

/** What a 404 page lists: the paths of the host that was asked for, or else the hosts that do have rules. */
final class NearestRules {

    static final int SHOWN = 10;

    private NearestRules() {
    }

    static List<String> of(RouteTable table, String authority) {
        String host = HostNormalizer.normalize(authority);
        VirtualHost group = host == null ? null : table.virtualHostFor(host);
        List<String> lines = new ArrayList<>();
        if (group != null) {
            for (Route route : group.routes()) {
                if (lines.size() == SHOWN) {
                    lines.add("… and " + (group.routes().size() - SHOWN) + " more paths on this host");
                    break;
                }
                lines.add("a rule for this host: " + route.describe());
            }
            return lines;
        }
        List<VirtualHost> groups = List.copyOf(table.virtualHosts());
        for (VirtualHost other : groups) {
            if (lines.size() == SHOWN) {
                lines.add("… and " + (groups.size() - SHOWN) + " more hosts");
                break;
            }
            lines.add("a host with rules: " + (other.host().isEmpty() ? "(any host)" : other.host()));
        }
        if (lines.isEmpty()) {
            lines.add("no Ingress is served yet: apply one, e.g. samples/ch8/host-ingress.yaml");
        }
        return lines;
    }
}
