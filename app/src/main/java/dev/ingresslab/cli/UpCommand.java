package dev.ingresslab.cli;

import dev.ingresslab.control.ControlServer;
import dev.ingresslab.core.ConnectorChoice;
import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.LinePrinter;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.SessionStartException;
import dev.ingresslab.core.Source;
import dev.ingresslab.core.hosts.Escalators;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.translate.TranslatorSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code ingress-lab up}: be the ingress controller of a cluster, on this machine, until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run Ingress Lab as the ingress controller of a cluster (any kubeconfig context: minikube,"
                + " kind, …): watch its Ingresses, route requests to their Services, write each Ingress's status,"
                + " print the routes when they change and one line per request. Stop with Ctrl-C."},
        footerHeading = Conventions.EXAMPLES_HEADING,
        footer = {"  ingress-lab up                         the current context",
                "  ingress-lab up --context kind-kind --create-class",
                "  ingress-lab up -n shop -n blog --http-port 9080"},
        exitCodeList = {"0:stopped by Ctrl-C", "2:bad options or port, or a context the kubeconfig does not have", "3:the cluster cannot be reached"})
final class UpCommand implements Callable<Integer> {

    /** The same as {@link ExitCodes#CLUSTER_UNREACHABLE}. */
    static final int CLUSTER_UNAVAILABLE = ExitCodes.CLUSTER_UNREACHABLE;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions clusterOptions;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "watch only these namespaces"
            + " (repeatable; default: all)")
    private List<String> namespaces = new ArrayList<>();

    @Mixin
    private ProxyOptions proxyOptions;

    @Mixin
    private HostsOptions hostsOptions;

    @Option(names = "--ignore-classless", description = "do not serve Ingresses that name no IngressClass")
    private boolean ignoreClassless;

    @Option(names = "--no-status", description = "do not write status.loadBalancer of the Ingresses")
    private boolean noStatus;

    @Option(names = "--clear-status-on-exit", description = "remove our address from the Ingresses when stopping")
    private boolean clearStatusOnExit;

    @Option(names = "--connector", defaultValue = "auto", paramLabel = "HOW", converter = ConnectorConverter.class,
            description = "how pods are reached: auto, direct or port-forward (default: ${DEFAULT-VALUE})")
    private ConnectorChoice connectorChoice;

    /** Reads {@code --connector}; picocli reports a wrong word as a usage error (exit code 2). */
    static final class ConnectorConverter implements picocli.CommandLine.ITypeConverter<ConnectorChoice> {
        @Override
        public ConnectorChoice convert(String value) {
            try {
                return ConnectorChoice.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Option(names = "--create-class", description = "create our IngressClass ingress-lab when it is missing")
    private boolean createClass;

    @Option(names = "--default-class", description = "with --create-class: make it the cluster's default class")
    private boolean defaultClass;

    @Override
    public Integer call() throws Exception {
        hostsOptions.check();
        PrintStream out = UntilStopped.output();
        // the redirects name the https port the proxy binds, or there are none without one (ClusterSession)
        TranslatorSettings translation = TranslatorSettings.defaults().withServeClassless(!ignoreClassless);
        java.nio.file.Path data = IngressLabCommand.of(spec).dataDirectory();
        SessionOptions options = SessionOptions.defaults().withDataDirectory(data)
                .withProxy(proxyOptions.settings(ProxySettings.defaults(), data)).withTranslation(translation)
                .withConnector(connectorChoice).withStatus(!noStatus, clearStatusOnExit)
                .withIngressClass(createClass, defaultClass).withPortNote(proxyOptions.portNote())
                .withHostsFile(hostsOptions.path());
        LabSession session;
        Progress progress = Progress.start(out, Colours.of(spec), "connecting to the cluster of "
                + (clusterOptions.context == null ? "the current context" : "context " + clusterOptions.context));
        try {
            session = LabSession.start(new Source.Cluster(clusterOptions.kubeconfig, clusterOptions.context,
                    namespaces), options, new LinePrinter(progress.stream()));
        } catch (SessionStartException e) {
            progress.close();
            return SessionOutput.failed("up", e, spec.commandLine().getErr());
        } catch (RuntimeException | InterruptedException e) {
            progress.close();
            throw e;
        }
        LabSession started = session;
        var control = ControlEndpoint.open(IngressLabCommand.of(spec).dataDirectory(), "up",
                session.current().connection().httpPort(), () -> Optional.of(started), out);
        TerminalHosts hosts = TerminalHosts.of(hostsOptions, Escalators.terminal(), out, "ingress-lab up");
        // before printing: a SIGTERM from now on stops it cleanly (the control file goes first, then the hosts
        // block: --sync-hosts removes it, a terminal is asked)
        UntilStopped.closeOnShutdown(() -> {
            control.ifPresent(ControlServer::close);
            hosts.close();
            started.close();
        });
        SessionOutput.accessLog(session, proxyOptions.logFormat(), out);
        SessionOutput.awaitPrinted(session);
        progress.close();
        CurlSuggestion.line(session.current().routes(), session.current().connection().httpPort(),
                host -> session.current().translation().table().secureVirtualHostFor(host).isPresent())
                .ifPresent(out::println);
        CurlSuggestion.httpsLine(session.current().translation().table(),
                session.current().connection().httpsPort(),
                IngressLabCommand.of(spec).dataDirectory().resolve(dev.ingresslab.tls.local.LocalCa.CERTIFICATE_FILE))
                .ifPresent(out::println);
        hosts.follow(session);
        return UntilStopped.await();
    }
}
