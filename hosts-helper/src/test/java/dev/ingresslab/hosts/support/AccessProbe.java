package dev.ingresslab.hosts.support;

import dev.ingresslab.hosts.HostName;
import dev.ingresslab.hosts.HostsPlan;
import dev.ingresslab.hosts.HostsStore;
import dev.ingresslab.hosts.HostsUpdater;
import dev.ingresslab.hosts.PrivilegeEscalators;
import dev.ingresslab.hosts.ResolverCache;
import java.nio.file.Path;
import java.util.List;

/**
 * What an unprivileged user's Ingress Lab sees: {@code AccessProbe <hosts> <sudo path>} prints the store's access,
 * the command the sudo escalator would run, then applies a sync with the helper run unelevated and prints the
 * outcome. Lines: {@code access: …}, {@code will run: …}, {@code outcome: …}.
 */
public final class AccessProbe {
    private AccessProbe() {
    }

    public static void main(String[] args) throws Exception {
        HostsStore store = new HostsStore(Path.of(args[0]));
        System.out.println("access: " + store.access());
        HostsPlan plan = store.planSync(List.of(HostName.parse("alpaca.example.com")));
        HostsUpdater sudo = new HostsUpdater(store, PrivilegeEscalators.sudo(Path.of(args[1])),
                ResolverCache.none("no cache"));
        System.out.println("will run: " + sudo.elevatedCommandLine(plan));
        HostsUpdater unelevated = new HostsUpdater(store, PrivilegeEscalators.unelevated(),
                ResolverCache.none("no cache"));
        System.out.println("outcome: " + unelevated.apply(plan));
    }
}
