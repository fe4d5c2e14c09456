package dev.ingresslab.cli;

import dev.ingresslab.control.ControlServer;
import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.LinePrinter;
import dev.ingresslab.core.PortChoice;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.SessionStartException;
import dev.ingresslab.core.Source;
import dev.ingresslab.proxy.AccessLog;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.proxy.RouteSource;
import dev.ingresslab.translate.TranslatorSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code ingress-lab serve -f PATH…}: the proxy on routes from manifest files, reloaded when they change. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the Ingress Lab proxy on routes compiled from manifest files (Ingress, Service and"
                + " EndpointSlices with real addresses), reloaded when the files change, logging each request"
                + " with the rule that routed it. No cluster needed. Stop with Ctrl-C."},
        footerHeading = Conventions.EXAMPLES_HEADING,
        footer = {"  ingress-lab serve -f my-manifests/ --http-port 8080",
                "  ingress-lab serve -f ingress.yaml -f endpoints.yaml --log json",
                "  ingress-lab routes            (in another terminal) what it serves"},
        exitCodeList = {"0:stopped by Ctrl-C", "2:bad manifests or options, or the port is in use"})
final class ServeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ManifestOptions manifestOptions;

    @Mixin
    private ProxyOptions proxyOptions;

    @Option(names = "--io-threads", paramLabel = "N", description = "proxy IO threads (default: one per core, as measured in docs/benchmarks.md)")
    private Integer ioThreads;

    @Option(names = "--no-route-header", description = "do not add X-Ingress-Lab-Route to responses")
    private boolean noRouteHeader;

    private static String display(InetSocketAddress address) {
        if (address.getAddress() instanceof java.net.Inet6Address) {
            String host = address.getAddress().isLoopbackAddress() ? "::1" : address.getHostString();
            return "[" + host + "]:" + address.getPort();
        }
        return address.getHostString() + ":" + address.getPort();
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = UntilStopped.output();
        AccessLog.Format format = proxyOptions.logFormat();
        ProxySettings settings = proxyOptions.settings(ProxySettings.defaults().withRouteHeader(!noRouteHeader)
                .withRouteSource(RouteSource.MANIFEST_FILES), IngressLabCommand.of(spec).dataDirectory());
        if (ioThreads != null) {
            settings = settings.withIoThreads(ioThreads);
        }
        // the redirects name the https port the proxy binds, or there are none without one (ServeSession)
        TranslatorSettings translation = manifestOptions.translatorSettings(443);
        Optional.ofNullable(proxyOptions.portNote()).ifPresent(out::println);
        LabSession session;
        try {
            session = LabSession.start(new Source.Manifests(manifestOptions.files.stream().map(Path::of).toList()),
                    SessionOptions.defaults().withDataDirectory(IngressLabCommand.of(spec).dataDirectory())
                            .withProxy(settings).withTranslation(translation)
                            .withReloadInterval(Duration.ofMillis(500)), new LinePrinter(out));
        } catch (SessionStartException e) {
            return SessionOutput.failed("serve", e, spec.commandLine().getErr());
        }
        LabSession started = session;
        var control = ControlEndpoint.open(IngressLabCommand.of(spec).dataDirectory(), "serve",
                session.current().connection().httpPort(), () -> Optional.of(started), out);
        // before printing: a SIGTERM from now on stops it cleanly (the control file goes first)
        UntilStopped.closeOnShutdown(() -> {
            control.ifPresent(ControlServer::close);
            started.close();
        });
        SessionOutput.accessLog(session, format, out);
        SessionOutput.awaitPrinted(session);
        for (InetSocketAddress address : session.current().connection().listening()) {
            out.println("listening on http://" + display(address));
        }
        for (InetSocketAddress address : session.current().connection().httpsListening()) {
            out.println("listening on https://" + display(address));
        }
        CurlSuggestion.line(session.current().routes(), session.current().connection().httpPort(),
                host -> session.current().translation().table().secureVirtualHostFor(host).isPresent())
                .ifPresent(out::println);
        CurlSuggestion.httpsLine(session.current().translation().table(),
                session.current().connection().httpsPort(),
                IngressLabCommand.of(spec).dataDirectory().resolve(dev.ingresslab.tls.local.LocalCa.CERTIFICATE_FILE))
                .ifPresent(out::println);
        return UntilStopped.await();
    }
}
