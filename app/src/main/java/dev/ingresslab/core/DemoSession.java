package dev.ingresslab.core;

import dev.ingresslab.cluster.WatchScope;
import dev.ingresslab.proxy.AccessLog;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.sandbox.Sandbox;
import dev.ingresslab.translate.TranslatorSettings;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code demo}: the whole chapter on this machine, without minikube: the embedded sandbox cluster, the chapter's
 * services and its host and path Ingresses, and Ingress Lab as the sandbox's ingress controller.
 */
public final class DemoSession implements AutoCloseable {

    private final Sandbox sandbox;
    private final ClusterSession cluster;

    private DemoSession(Sandbox sandbox, ClusterSession cluster) {
        this.sandbox = sandbox;
        this.cluster = cluster;
    }

    /**
     * @param withSamples deploy the chapter's services and its host and path Ingresses
     * @param kubeconfig  where the sandbox's kubeconfig is written
     */
    public static DemoSession start(Path kubeconfig, boolean withSamples, ProxySettings settings,
                                    AccessLog.Format logFormat, PrintStream out) throws InterruptedException {
        Sandbox sandbox = Sandbox.start(kubeconfig);
        try {
            out.println("sandbox cluster: API server " + sandbox.apiServerUrl() + ", context " + Sandbox.CONTEXT);
            if (withSamples) {
                SampleDeployer deployer = new SampleDeployer(sandbox.client(), out);
                var applied = new java.util.ArrayList<io.fabric8.kubernetes.api.model.HasMetadata>();
                for (String step : SampleSteps.CHAPTER_END) {
                    out.println(step + ": " + SampleSteps.named(step).description());
                    applied.addAll(deployer.deploy(SampleSteps.named(step)));
                }
                deployer.awaitReady(applied, Duration.ofSeconds(20));
            }
            ClusterSession cluster = ClusterSession.start(sandbox.client(), WatchScope.allNamespaces(), "default",
                    ConnectorChoice.DIRECT, settings, TranslatorSettings.defaults(), logFormat, true, false, out);
            return new DemoSession(sandbox, cluster);
        } catch (RuntimeException | InterruptedException e) {
            sandbox.close();
            throw e;
        }
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    public ClusterSession cluster() {
        return cluster;
    }

    @Override
    public void close() {
        cluster.close();
        sandbox.close();
    }
}
