package dev.ingresslab.tls.trust;

import dev.ingresslab.tls.local.LocalCa;

/**
 * A place the laptop's TLS clients take their trusted roots from: the macOS login keychain, the Linux system store,
 * an NSS database (Firefox, Chromium on Linux). Each step is reported, and each is undone by {@link #untrust}.
 */
public interface TrustStore {

    /** What and where, for the user: {@code Linux system store (/usr/local/share/ca-certificates)}. */
    String name();

    /** Whether this store is on this machine (its tool and its folder are there). */
    boolean present();

    /**
     * The files whose change (modification time, size) means the store's content may have changed: what {@link
     * MachineTrust} watches so that it reads the store again only then. None: read once.
     */
    default java.util.List<java.nio.file.Path> files() {
        return java.util.List.of();
    }

    /** Whether {@code ca} is trusted there now. */
    TrustStep status(LocalCa ca);

    /** Adds {@code ca} as a trusted root; already there is no error. */
    TrustStep trust(LocalCa ca);

    /** Removes {@code ca}; not there is no error. */
    TrustStep untrust(LocalCa ca);
}
