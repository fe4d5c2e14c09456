package dev.ingresslab.cli;

import dev.ingresslab.control.RouteRow;
import dev.ingresslab.control.RoutesAnswer;
import dev.ingresslab.route.Origin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code routes}' text output: one table per host, in the table's order, as kubectl aligns columns (two spaces
 * between, no borders); each route's warnings on lines of their own under it. {@code wide} adds where the route
 * comes from (rule and path index, manifest file and line). The OBJECT column names the kind with the name, as an
 * HTTPRoute made by {@code convert} keeps its Ingress's name.
 */
final class RouteTable {

    private final Colours colours;
    private final boolean wide;

    RouteTable(Colours colours, boolean wide) {
        this.colours = colours;
        this.wide = wide;
    }

    /**
     * The table of {@code answer}'s routes; with none, one line saying why there can be none and where to look: in
     * the files for routes read from files, in the cluster (kubectl) otherwise.
     */
    String render(RoutesAnswer answer) {
        if (answer.routes().isEmpty() && answer.fromFiles()) {
            return "no routes: the files hold no Ingress or HTTPRoute that is served (an Ingress of another class,"
                    + " or an HTTPRoute whose Gateway the files lack or is of another class, is not ours; `ingress-lab"
                    + " lint PATH…` says why of each)\n";
        }
        return render(answer.routes());
    }

    /** The table of routes read from a cluster (or the sandbox); with none, where to look (kubectl). */
    String render(List<RouteRow> routes) {
        if (routes.isEmpty()) {
            return "no routes: no Ingress or HTTPRoute is served (kubectl get ingress,httproute -A lists them; an"
                    + " Ingress of another class, or an HTTPRoute of another class's Gateway, is not ours)\n";
        }
        Map<String, List<RouteRow>> byHost = new LinkedHashMap<>();
        routes.forEach(row -> byHost.computeIfAbsent(row.host(), host -> new ArrayList<>()).add(row));
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, List<RouteRow>> host : byHost.entrySet()) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(colours.bold(host.getKey().equals("*") ? "* (any host)" : host.getKey())).append('\n');
            table(host.getValue(), text);
        }
        return text.toString();
    }

    private void table(List<RouteRow> rows, StringBuilder text) {
        List<String[]> cells = new ArrayList<>();
        cells.add(wide ? new String[] {"PATH", "TYPE", "BACKEND", "ENDPOINTS", "OBJECT", "RULE", "FROM"}
                : new String[] {"PATH", "TYPE", "BACKEND", "ENDPOINTS", "OBJECT"});
        for (RouteRow row : rows) {
            String path = row.path().isEmpty() ? "-" : row.path();
            String backend = row.namespace() + "/" + row.backend();
            String endpoints = row.endpointsReady() + "/" + row.endpointsTotal();
            String object = row.kind() + " " + row.ingress(); // one name can be both an Ingress and an HTTPRoute
            if (wide) {
                cells.add(new String[] {path, row.pathType(), backend, endpoints, object, rule(row),
                        row.location() == null ? "-" : row.location()});
            } else {
                cells.add(new String[] {path, row.pathType(), backend, endpoints, object});
            }
        }
        int[] widths = new int[cells.get(0).length];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (int i = 0; i < cells.size(); i++) {
            String[] line = cells.get(i);
            StringBuilder printed = new StringBuilder("  ");
            for (int column = 0; column < line.length; column++) {
                String cell = line[column];
                String shown = i == 0 ? colours.faint(cell) : column == 3 ? endpointsColour(rows.get(i - 1), cell)
                        : cell;
                printed.append(shown);
                if (column < line.length - 1) {
                    printed.append(" ".repeat(widths[column] - cell.length() + 2));
                }
            }
            text.append(printed.toString().stripTrailing()).append('\n');
            if (i > 0) {
                for (String warning : rows.get(i - 1).warnings()) {
                    text.append("    ").append(colours.yellow("warning:")).append(' ').append(warning).append('\n');
                }
            }
        }
    }

    /** Where in its object a route is written, in the kind's terms: an Ingress rule's path, an HTTPRoute rule's match. */
    private static String rule(RouteRow row) {
        if (row.rule() == null) {
            return "defaultBackend";
        }
        return "rule " + row.rule() + (Origin.HTTP_ROUTE.equals(row.kind()) ? " match " : " path ") + row.pathIndex();
    }

    /** All ready green, some yellow, none red; the numbers say it without colour. */
    private String endpointsColour(RouteRow row, String cell) {
        if (row.endpointsReady() == 0) {
            return colours.red(cell);
        }
        return row.endpointsReady() < row.endpointsTotal() ? colours.yellow(cell) : colours.green(cell);
    }
}
