package dev.ingresslab.tls.trust;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The trust stores of this machine that Ingress Lab knows how to change, in the order they are changed. */
public final class TrustStores {

    private TrustStores() {
    }

    /** For the operating system {@code osName} ({@code os.name}) and the user's {@code home}: the stores present. */
    public static List<TrustStore> of(String osName, Path home) {
        List<TrustStore> stores = new ArrayList<>();
        if (osName.toLowerCase(Locale.ROOT).startsWith("mac")) {
            stores.add(MacKeychainStore.login(home));
        } else {
            for (LinuxSystemStore system : List.of(LinuxSystemStore.debian(), LinuxSystemStore.fedora())) {
                if (system.present()) {
                    stores.add(system);
                    break;
                }
            }
        }
        stores.addAll(NssStore.under(home));
        return stores.stream().filter(TrustStore::present).toList();
    }

    /** This machine's. */
    public static List<TrustStore> ofThisMachine() {
        return of(System.getProperty("os.name"), Path.of(System.getProperty("user.home")));
    }
}
