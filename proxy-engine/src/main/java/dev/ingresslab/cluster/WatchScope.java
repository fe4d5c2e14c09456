package dev.ingresslab.cluster;

import java.util.List;

/**
 * Which namespaces are watched: all of them, or a chosen set, so a user whose RBAC allows only some namespaces
 * can still run the controller.
 */
public record WatchScope(List<String> namespaces) {

    public WatchScope {
        namespaces = List.copyOf(namespaces);
    }

    public static WatchScope allNamespaces() {
        return new WatchScope(List.of());
    }

    public boolean isAllNamespaces() {
        return namespaces.isEmpty();
    }
}
