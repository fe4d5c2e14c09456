package dev.ingresslab.core;

import dev.ingresslab.proxy.AutoConnector;
import dev.ingresslab.proxy.DirectConnector;
import dev.ingresslab.proxy.PortForwardConnector;
import dev.ingresslab.proxy.UpstreamConnector;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Instant;
import java.util.function.Consumer;
import java.time.Duration;

/** How {@code up} reaches pods: {@code auto} (the default), {@code direct} or {@code port-forward}. */
public enum ConnectorChoice {
    AUTO, DIRECT, PORT_FORWARD;

    /** How long {@code auto} waits for a pod address to answer before it chooses port-forward. */
    static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

    /**
     * The connector; {@code auto} publishes a {@link SessionEvent.ConnectorChosen} when it decides (at the first
     * endpoint it can probe), the others are chosen by the user and say nothing.
     */
    UpstreamConnector create(KubernetesClient client, Consumer<SessionEvent> events) {
        return switch (this) {
            case DIRECT -> new DirectConnector();
            case PORT_FORWARD -> new PortForwardConnector(client);
            case AUTO -> {
                AutoConnector[] auto = new AutoConnector[1];
                auto[0] = new AutoConnector(new DirectConnector(), new PortForwardConnector(client), PROBE_TIMEOUT,
                        told -> events.accept(new SessionEvent.ConnectorChosen(Instant.now(), auto[0].name(), told)));
                yield auto[0];
            }
        };
    }

    /** Reads {@code auto}, {@code direct} or {@code port-forward}. */
    public static ConnectorChoice parse(String text) {
        return switch (text) {
            case "auto" -> AUTO;
            case "direct" -> DIRECT;
            case "port-forward" -> PORT_FORWARD;
            default -> throw new IllegalArgumentException("--connector takes auto, direct or port-forward, not "
                    + text);
        };
    }
}
