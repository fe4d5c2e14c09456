package dev.ingresslab.testing;

import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Explainer;
import dev.ingresslab.route.SimpleRequest;
import dev.ingresslab.translate.IngressTranslator;
import dev.ingresslab.translate.Translation;
import dev.ingresslab.translate.TranslationInput;
import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A set of objects translated as a cluster would be: every kind authoritative. {@code on(...)} explains a URL.
 */
public final class Cluster {

    private final List<Ingress> ingresses = new ArrayList<>();
    private final List<IngressClass> classes = new ArrayList<>();
    private final List<Service> services = new ArrayList<>();
    private final List<EndpointSlice> slices = new ArrayList<>();
    private final List<Secret> secrets = new ArrayList<>();
    private TranslatorSettings settings = TranslatorSettings.defaults();
    private boolean manifests;

    /** Objects as manifest files give them: a kind absent from the files is not checked. */
    public static Cluster ofManifests() {
        Cluster cluster = new Cluster();
        cluster.manifests = true;
        return cluster;
    }

    public Cluster settings(TranslatorSettings value) {
        this.settings = value;
        return this;
    }

    public Cluster add(TestIngress... more) {
        for (TestIngress ingress : more) {
            ingresses.add(ingress.build());
        }
        return this;
    }

    public Cluster add(HasMetadata... objects) {
        for (HasMetadata object : objects) {
            if (object instanceof Ingress i) {
                ingresses.add(i);
            } else if (object instanceof IngressClass c) {
                classes.add(c);
            } else if (object instanceof Service s) {
                services.add(s);
            } else if (object instanceof EndpointSlice e) {
                slices.add(e);
            } else if (object instanceof Secret s) {
                secrets.add(s);
            } else {
                throw new IllegalArgumentException("not read by translation: " + object.getKind());
            }
        }
        return this;
    }

    /** A Service with one port 80 (named http) in a namespace, with ready endpoints {@code 10.0.0.1..n:8080}. */
    public Cluster service(String namespace, String name, int readyEndpoints) {
        services.add(new ServiceBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().addNewPort().withName("http").withPort(80).endPort().endSpec().build());
        EndpointSliceBuilder slice = new EndpointSliceBuilder().withNewMetadata().withName(name + "-abc")
                .withNamespace(namespace).withLabels(Map.of("kubernetes.io/service-name", name)).endMetadata()
                .withAddressType("IPv4").addNewPort().withName("http").withPort(8080).endPort();
        for (int i = 1; i <= readyEndpoints; i++) {
            slice.addNewEndpoint().withAddresses("10.0.0." + i).withNewConditions().withReady(true).endConditions()
                    .endEndpoint();
        }
        slices.add(slice.build());
        return this;
    }

    /** A Service (port 80, named http) whose endpoints are real addresses on this machine, e.g. test backends. */
    public Cluster serviceAt(String namespace, String name, int... ports) {
        services.add(new ServiceBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().addNewPort().withName("http").withPort(80).endPort().endSpec().build());
        for (int i = 0; i < ports.length; i++) {
            slices.add(new EndpointSliceBuilder().withNewMetadata().withName(name + "-" + i).withNamespace(namespace)
                    .withLabels(Map.of("kubernetes.io/service-name", name)).endMetadata().withAddressType("IPv4")
                    .addNewPort().withName("http").withPort(ports[i]).endPort()
                    .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
                    .endEndpoint().build());
        }
        return this;
    }

    public Cluster service(String name, int readyEndpoints) {
        return service("default", name, readyEndpoints);
    }

    public Cluster ingressClass(String name, String controller, boolean isDefault) {
        classes.add(new IngressClassBuilder().withNewMetadata().withName(name)
                .withAnnotations(isDefault ? Map.of("ingressclass.kubernetes.io/is-default-class", "true") : Map.of())
                .endMetadata().withNewSpec().withController(controller).endSpec().build());
        return this;
    }

    public Translation translate() {
        TranslationInput input = manifests
                ? TranslationInput.ofManifests(ingresses, classes, services, slices, secrets)
                : TranslationInput.ofCluster(ingresses, classes, services, slices, secrets);
        return new IngressTranslator(settings).translate(input);
    }

    /** Explains a GET of the URL. */
    public Decision on(String url) {
        return new Explainer(translate().table()).explain(SimpleRequest.get(url));
    }

    public Decision on(String method, String url, Map<String, List<String>> headers) {
        return new Explainer(translate().table()).explain(SimpleRequest.of(method, url, headers));
    }
}
