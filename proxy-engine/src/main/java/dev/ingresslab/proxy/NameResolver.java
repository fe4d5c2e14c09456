package dev.ingresslab.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Looks a DNS name up: blocking, so it only ever runs on the pools' resolver thread ({@link NameResolution}), never on
 * an IO thread. An interface so tests can slow it down or make it hang.
 */
@FunctionalInterface
interface NameResolver {

    /** The system's resolver ({@link InetAddress#getByName}: the hosts file, then DNS, with the JDK's cache). */
    NameResolver SYSTEM = InetAddress::getByName;

    /**
     * The first address of {@code name}.
     *
     * @throws UnknownHostException when the name has no address
     */
    InetAddress lookup(String name) throws UnknownHostException;
}
