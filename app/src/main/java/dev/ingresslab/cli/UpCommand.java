package dev.ingresslab.cli;

import dev.ingresslab.cluster.ClusterErrors;
import dev.ingresslab.cluster.KubeContext;
import dev.ingresslab.cluster.ContextNotFoundException;
import dev.ingresslab.cluster.OurIngressClass;
import dev.ingresslab.cluster.WatchScope;
import dev.ingresslab.core.ClusterSession;
import dev.ingresslab.core.ClusterTarget;
import dev.ingresslab.core.ConnectorChoice;
import dev.ingresslab.core.DataDirectory;
import dev.ingresslab.core.PortChoice;
import dev.ingresslab.core.PortClaim;
import dev.ingresslab.proxy.AccessLog;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.proxy.ProxyStartException;
import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ingress-lab up}: be the ingress controller of a cluster, on this machine, until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run Ingress Lab as the ingress controller of a cluster (any kubeconfig context: minikube,"
                + " kind, …): watch its Ingresses, route requests to their Services, write each Ingress's status,"
                + " print the routes when they change and one line per request. Stop with Ctrl-C."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by Ctrl-C", "2:bad options or port, or a context the kubeconfig does not have", "3:the cluster cannot be reached"})
final class UpCommand implements Callable<Integer> {

    static final int CLUSTER_UNAVAILABLE = 3;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions clusterOptions;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "watch only these namespaces"
            + " (repeatable; default: all)")
    private List<String> namespaces = new ArrayList<>();

    @Mixin
    private ProxyOptions proxyOptions;

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
        PrintStream out = UntilStopped.output();
        AccessLog.Format format = proxyOptions.logFormat();
        ClusterTarget target;
        try {
            target = clusterOptions.target();
        } catch (ContextNotFoundException e) {
            return fail(ExitCodes.BAD_INPUT, e.getMessage());
        } catch (IOException | RuntimeException e) {
            return fail(CLUSTER_UNAVAILABLE, "cannot read the kubeconfig: " + e.getMessage());
        }
        Config config = target.config();
        PortChoice http = proxyOptions.http();
        PortChoice https = proxyOptions.https();
        KubeContext current = target.context();
        out.println(target.describe());
        out.println(http.message());
        try {
            // before anything touches the cluster (--create-class writes to it): a busy port fails here, at once
            PortClaim.check(DataDirectory.resolve(), http.port(), ProxySettings.defaults().bindAddresses(),
                    "--http-port");
        } catch (ProxyStartException e) {
            return fail(ExitCodes.BAD_INPUT, e.getMessage());
        }
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        TranslatorSettings translation = TranslatorSettings.defaults().withServeClassless(!ignoreClassless)
                .withHttpsPort(https.port());
        ClusterSession session;
        try {
            out.println(OurIngressClass.ensure(client, translation, createClass, defaultClass));
            String leaseNamespace = namespaces.isEmpty()
                    ? (config.getNamespace() == null ? "default" : config.getNamespace()) : namespaces.get(0);
            session = ClusterSession.start(client, new WatchScope(namespaces), leaseNamespace, connectorChoice,
                    ProxySettings.defaults().withHttpPort(http.port()), translation, format, !noStatus,
                    clearStatusOnExit, out);
        } catch (KubernetesClientException e) {
            client.close();
            return fail(CLUSTER_UNAVAILABLE, "cannot watch the cluster of context " + current.name() + " at "
                    + config.getMasterUrl() + ": " + ClusterErrors.describe(e, current));
        } catch (ProxyStartException e) {
            client.close();
            return fail(ExitCodes.BAD_INPUT, e.getMessage());
        }
        out.println("try: curl -H 'Host: alpaca.example.com' http://127.0.0.1:" + session.proxy().httpPort() + "/");
        return UntilStopped.await(() -> {
            session.close();
            client.close();
        });
    }

    private int fail(int code, String message) {
        spec.commandLine().getErr().println("ingress-lab up: " + message);
        return code;
    }
}
