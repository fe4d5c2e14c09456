package dev.ingresslab.core;

import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.translate.TranslatorSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link LabSession} runs, whatever its {@link Source}.
 *
 * @param dataDirectory   where Ingress Lab keeps its files (sandbox kubeconfigs and saved objects, port locks):
 *                        {@link DataDirectory#resolve()}, or a temporary folder in tests
 * @param proxy           the proxy's listeners and limits; port 0 binds an ephemeral port
 * @param translation     the IngressClass rules and HTTPS port the routes are compiled with
 * @param serveRequests   run the proxy; false compiles the routes only ({@code explain}: no port, no watcher, no
 *                        journal records)
 * @param reloadInterval  how often manifest files are checked for changes ({@link Source.Manifests} only)
 * @param connector       how pods are reached ({@link Source.Cluster} only; the sandbox's pods are always direct)
 * @param writeStatus     publish our address in the Ingresses' status and findings as Events on them (clusters
 *                        and the sandbox)
 * @param clearStatusOnExit remove our address from the Ingresses when the session closes
 * @param createClass     create our IngressClass {@code ingress-lab} when it is missing ({@link Source.Cluster})
 * @param defaultClass    with {@code createClass}: make it the cluster's default class
 * @param portNote        a line saying which port was chosen and why ({@link PortChoice#message()}), published as a
 *                        {@link SessionEvent.Notice} once the port is ours; null for none
 * @param hostsFile       the hosts file whose managed block holds the served hosts ({@code hosts}, {@code up} and
 *                        {@code demo} with {@code --hosts-file}; the Hosts pane): the system's by default, a temporary
 *                        copy in tests, which must never write the real one
 */
public record SessionOptions(Path dataDirectory, ProxySettings proxy, TranslatorSettings translation,
                             boolean serveRequests, Duration reloadInterval, ConnectorChoice connector,
                             boolean writeStatus, boolean clearStatusOnExit, boolean createClass,
                             boolean defaultClass, String portNote, Path hostsFile) {

    public SessionOptions {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(translation, "translation");
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(hostsFile, "hostsFile");
    }

    /**
     * The defaults of the commands: the data directory of {@link DataDirectory#resolve()}, the proxy's defaults
     * (port 80 on loopback), the translator's defaults, serving requests, files checked every 500 ms, connector
     * {@code auto}, status written and left on exit, no IngressClass created, the system's hosts file.
     */
    public static SessionOptions defaults() {
        return new SessionOptions(DataDirectory.resolve(), ProxySettings.defaults(), TranslatorSettings.defaults(),
                true, Duration.ofMillis(500), ConnectorChoice.AUTO, true, false, false, false, null,
                dev.ingresslab.hosts.HostsStore.systemPath());
    }

    public SessionOptions withDataDirectory(Path directory) {
        return new SessionOptions(directory, proxy, translation, serveRequests, reloadInterval, connector,
                writeStatus, clearStatusOnExit, createClass, defaultClass, portNote, hostsFile);
    }

    public SessionOptions withProxy(ProxySettings settings) {
        return new SessionOptions(dataDirectory, settings, translation, serveRequests, reloadInterval, connector,
                writeStatus, clearStatusOnExit, createClass, defaultClass, portNote, hostsFile);
    }

    public SessionOptions withTranslation(TranslatorSettings settings) {
        return new SessionOptions(dataDirectory, proxy, settings, serveRequests, reloadInterval, connector,
                writeStatus, clearStatusOnExit, createClass, defaultClass, portNote, hostsFile);
    }

    /**
     * Compile only: no proxy, no watcher ({@code explain}; {@code hosts}). Files are read once; a cluster's Ingresses
     * and IngressClasses are listed once, and nothing is written to it.
     */
    public SessionOptions withoutProxy() {
        return new SessionOptions(dataDirectory, proxy, translation, false, reloadInterval, connector,
                writeStatus, clearStatusOnExit, createClass, defaultClass, portNote, hostsFile);
    }

    public SessionOptions withReloadInterval(Duration interval) {
        return new SessionOptions(dataDirectory, proxy, translation, serveRequests, interval, connector,
                writeStatus, clearStatusOnExit, createClass, defaultClass, portNote, hostsFile);
    }

    public SessionOptions withConnector(ConnectorChoice choice) {
        return new SessionOptions(dataDirectory, proxy, translation, serveRequests, reloadInterval, choice,
                writeStatus, clearStatusOnExit, createClass, defaultClass, portNote, hostsFile);
    }

    /** @param write      {@code writeStatus}; @param clearOnExit {@code clearStatusOnExit} */
    public SessionOptions withStatus(boolean write, boolean clearOnExit) {
        return new SessionOptions(dataDirectory, proxy, translation, serveRequests, reloadInterval, connector,
                write, clearOnExit, createClass, defaultClass, portNote, hostsFile);
    }

    /** @param create {@code createClass}; @param makeDefault {@code defaultClass} */
    public SessionOptions withIngressClass(boolean create, boolean makeDefault) {
        return new SessionOptions(dataDirectory, proxy, translation, serveRequests, reloadInterval, connector,
                writeStatus, clearStatusOnExit, create, makeDefault, portNote, hostsFile);
    }

    public SessionOptions withPortNote(String note) {
        return new SessionOptions(dataDirectory, proxy, translation, serveRequests, reloadInterval, connector,
                writeStatus, clearStatusOnExit, createClass, defaultClass, note, hostsFile);
    }

    /** @param file the hosts file whose managed block holds the served hosts ({@code --hosts-file}) */
    public SessionOptions withHostsFile(Path file) {
        return new SessionOptions(dataDirectory, proxy, translation, serveRequests, reloadInterval, connector,
                writeStatus, clearStatusOnExit, createClass, defaultClass, portNote, file);
    }
}
