package dev.ingresslab.cluster;

import dev.ingresslab.translate.GatewayApiInput;
import dev.ingresslab.translate.GatewayApiResults;
import dev.ingresslab.translate.GatewayCondition;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClassBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClassStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClassStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatusAddressBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteGroupKindBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static dev.ingresslab.translate.GatewayApiResults.ACCEPTED;
import static dev.ingresslab.translate.GatewayApiResults.PROGRAMMED;

/**
 * Writes the status of the Gateway API objects Ingress Lab controls, as a conformant implementation does (Gateway API
 * v1: {@code GatewayClassStatus}, {@code GatewayStatus} with {@code ListenerStatus}, {@code RouteParentStatus}), from
 * what translation decided ({@link GatewayApiResults}):
 * <ul>
 *   <li>a GatewayClass of our controller ({@code ingress-lab.dev/controller}): {@code Accepted};</li>
 *   <li>a Gateway of such a class: {@code Accepted}, {@code Programmed}, the address the proxy listens on, and per
 *       listener its conditions, {@code supportedKinds} and {@code attachedRoutes};</li>
 *   <li>an HTTPRoute: one {@code status.parents[]} entry per parentRef to one of our Gateways, with
 *       {@code controllerName} ours, {@code Accepted} and {@code ResolvedRefs}. Entries of other controllers are kept
 *       as they are; ours for parents that are no longer ours are removed.</li>
 *   <li>a GatewayClass or Gateway that stops being ours (a Gateway moved to another controller's class) while this
 *       writer runs: its status goes back to the CRDs' {@code Pending} conditions, unless its new controller has
 *       already written its own.</li>
 * </ul>
 * Nothing is cleared when the controller stops: the status stays the last one written, as Gateway API
 * implementations leave it (docs/gateway-api.md, "Status on exit").
 * Every condition carries the object's {@code metadata.generation} as {@code observedGeneration}, and keeps its
 * {@code lastTransitionTime} while its status stays the same ({@code metav1.Condition}). An object whose status
 * already says all this is not written: our own writes come back through the informers, and must not cause another
 * (no status ping-pong). A write refused with a conflict is left to the next snapshot, which brings the newer object.
 */
final class GatewayStatusWriter {

    private static final String GROUP = GatewayApiInformers.GROUP;

    private final KubernetesClient client;
    private final String address;
    private final Consumer<String> problems;
    private final BooleanSupplier halted;
    private final Clock clock;
    /**
     * The status this writer last wanted for each GatewayClass and Gateway of ours, by uid: what {@link #release} may
     * take back when the object stops being ours. Kept for the life of the process only (see docs/gateway-api.md).
     */
    private final Map<String, Object> written = new ConcurrentHashMap<>();

    /**
     * @param address  the address the proxy listens on, published as the Gateways' {@code status.addresses}
     * @param problems told of each write the API server refused (but a conflict)
     * @param halted   true once the controller stops: no write starts, and a failing one is not reported
     */
    GatewayStatusWriter(KubernetesClient client, String address, Consumer<String> problems, BooleanSupplier halted,
                        Clock clock) {
        this.client = client;
        this.address = address;
        this.problems = problems;
        this.halted = halted;
        this.clock = clock;
    }

    /**
     * Brings the status of every object of {@code objects} that {@code results} speaks of in line with it, and gives
     * back the GatewayClasses and Gateways this writer wrote that are no longer ours ({@link #release}).
     */
    void sync(GatewayApiInput objects, GatewayApiResults results) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        for (GatewayClass gatewayClass : objects.gatewayClasses()) {
            results.gatewayClasses().stream()
                    .filter(result -> result.name().equals(gatewayClass.getMetadata().getName())).findFirst()
                    .ifPresentOrElse(result -> syncClass(gatewayClass, result, now),
                            () -> release(gatewayClass, gatewayClass.getStatus(), now));
        }
        for (Gateway gateway : objects.gateways()) {
            results.gateway(namespaceOf(gateway), gateway.getMetadata().getName())
                    .ifPresentOrElse(result -> syncGateway(gateway, result, now),
                            () -> release(gateway, gateway.getStatus(), now));
        }
        for (HTTPRoute route : objects.httpRoutes()) {
            syncRoute(route, results.httpRoute(namespaceOf(route), route.getMetadata().getName()), now);
        }
        java.util.Set<String> present = new java.util.HashSet<>();
        objects.gatewayClasses().forEach(gatewayClass -> present.add(uid(gatewayClass)));
        objects.gateways().forEach(gateway -> present.add(uid(gateway)));
        written.keySet().retainAll(present); // deleted: nothing left to take back
    }

    private void syncClass(GatewayClass gatewayClass, GatewayApiResults.GatewayClassResult result, String now) {
        GatewayClassStatus current = gatewayClass.getStatus();
        List<Condition> currentConditions = current == null ? List.of() : current.getConditions();
        GatewayClassStatus wanted = new GatewayClassStatusBuilder(current == null ? new GatewayClassStatus() : current)
                .withConditions(conditions(currentConditions, List.of(result.accepted()), generation(gatewayClass),
                        now)).build();
        if (!wanted.equals(current)) {
            write(gatewayClass, () -> client.resources(GatewayClass.class).resource(new GatewayClassBuilder(
                    gatewayClass).withStatus(wanted).build()).updateStatus());
        }
        written.put(uid(gatewayClass), wanted);
    }

    private void syncGateway(Gateway gateway, GatewayApiResults.GatewayResult result, String now) {
        GatewayStatus current = gateway.getStatus();
        long generation = generation(gateway);
        List<ListenerStatus> listeners = new ArrayList<>();
        for (GatewayApiResults.ListenerResult listener : result.listeners()) {
            Optional<ListenerStatus> before = current == null ? Optional.empty() : current.getListeners().stream()
                    .filter(status -> listener.name().equals(status.getName())).findFirst();
            listeners.add(new ListenerStatusBuilder().withName(listener.name())
                    .withAttachedRoutes(listener.attachedRoutes())
                    .withSupportedKinds(listener.supportedKinds().stream().map(kind -> new RouteGroupKindBuilder()
                            .withGroup(GROUP).withKind(kind).build()).toList())
                    .withConditions(conditions(before.map(ListenerStatus::getConditions).orElse(List.of()),
                            listener.conditions(), generation, now)).build());
        }
        GatewayStatus wanted = new GatewayStatusBuilder(current == null ? new GatewayStatus() : current)
                .withAddresses(new GatewayStatusAddressBuilder().withType("IPAddress").withValue(address).build())
                .withConditions(conditions(current == null ? List.of() : current.getConditions(),
                        List.of(result.accepted(), result.programmed()), generation, now))
                .withListeners(listeners).build();
        if (!wanted.equals(current)) {
            write(gateway, () -> client.resources(Gateway.class).inNamespace(namespaceOf(gateway))
                    .resource(new GatewayBuilder(gateway).withStatus(wanted).build()).updateStatus());
        }
        written.put(uid(gateway), wanted);
    }

    /**
     * A GatewayClass or Gateway whose status this writer wrote, and which is no longer ours (the Gateway moved to
     * another controller's class, or the class's controllerName changed where a cluster lets it): its status goes
     * back to what the CRDs give an object no controller has looked at yet, {@code Unknown} conditions with reason
     * {@code Pending} ("Waiting for controller"), without our listeners and address. Only while it is still the
     * status we wrote: once its new controller has written its own, it is theirs, and left alone.
     */
    private void release(HasMetadata object, Object current, String now) {
        Object ours = written.remove(uid(object));
        if (ours == null || !ours.equals(current)) {
            return; // never ours in this run, or already rewritten by its new controller
        }
        List<Condition> pending = new ArrayList<>();
        List<String> types = object instanceof Gateway ? List.of(ACCEPTED, PROGRAMMED) : List.of(ACCEPTED);
        for (String type : types) {
            pending.add(new ConditionBuilder().withType(type).withStatus("Unknown").withReason("Pending")
                    .withMessage("Waiting for controller").withLastTransitionTime(now).build());
        }
        if (object instanceof Gateway gateway) {
            write(gateway, () -> client.resources(Gateway.class).inNamespace(namespaceOf(gateway))
                    .resource(new GatewayBuilder(gateway).withStatus(new GatewayStatusBuilder()
                            .withConditions(pending).build()).build()).updateStatus());
        } else if (object instanceof GatewayClass gatewayClass) {
            write(gatewayClass, () -> client.resources(GatewayClass.class).resource(new GatewayClassBuilder(
                    gatewayClass).withStatus(new GatewayClassStatusBuilder().withConditions(pending).build())
                    .build()).updateStatus());
        }
    }

    private static String uid(HasMetadata object) {
        String uid = object.getMetadata().getUid();
        return uid != null ? uid : object.getKind() + " " + namespaceOf(object) + "/" + object.getMetadata().getName();
    }

    /**
     * Our parents' entries from the result, after the other controllers' entries, which stay as they are; without a
     * result, only ours are taken away (the Route no longer names one of our Gateways).
     */
    private void syncRoute(HTTPRoute route, Optional<GatewayApiResults.HttpRouteResult> result, String now) {
        HTTPRouteStatus current = route.getStatus();
        List<RouteParentStatus> before = current == null ? List.of() : current.getParents();
        List<RouteParentStatus> parents = new ArrayList<>();
        before.stream().filter(parent -> !GatewayApiResults.CONTROLLER_NAME.equals(parent.getControllerName()))
                .forEach(parents::add);
        if (result.isEmpty() && parents.size() == before.size()) {
            return; // not ours, and nothing of ours to take back
        }
        long generation = generation(route);
        for (GatewayApiResults.RouteParentResult parent : result.map(GatewayApiResults.HttpRouteResult::parents)
                .orElse(List.of())) {
            GatewayApiResults.ParentRef ref = parent.parentRef();
            List<Condition> previous = before.stream()
                    .filter(status -> GatewayApiResults.CONTROLLER_NAME.equals(status.getControllerName())
                            && sameParent(status, ref)).findFirst().map(RouteParentStatus::getConditions)
                    .orElse(List.of());
            parents.add(new RouteParentStatusBuilder().withControllerName(GatewayApiResults.CONTROLLER_NAME)
                    .withParentRef(new ParentReferenceBuilder().withGroup(ref.group()).withKind(ref.kind())
                            .withNamespace(ref.namespace()).withName(ref.name()).withSectionName(ref.sectionName())
                            .withPort(ref.port()).build())
                    .withConditions(conditions(previous, List.of(parent.accepted(), parent.resolvedRefs()),
                            generation, now)).build());
        }
        HTTPRouteStatus wanted = new HTTPRouteStatusBuilder(current == null ? new HTTPRouteStatus() : current)
                .withParents(parents).build();
        if (!wanted.equals(current)) {
            write(route, () -> client.resources(HTTPRoute.class).inNamespace(namespaceOf(route))
                    .resource(new HTTPRouteBuilder(route).withStatus(wanted).build()).updateStatus());
        }
    }

    private static boolean sameParent(RouteParentStatus status, GatewayApiResults.ParentRef ref) {
        var written = status.getParentRef();
        return written != null && Objects.equals(written.getName(), ref.name())
                && Objects.equals(written.getNamespace(), ref.namespace())
                && Objects.equals(written.getSectionName(), ref.sectionName())
                && Objects.equals(written.getPort(), ref.port());
    }

    /**
     * The conditions to write, in the order given: each keeps the {@code lastTransitionTime} of the condition of its
     * type in {@code before} when its status is the same (the time of the last change of status, not of the last
     * write), else {@code now}.
     */
    static List<Condition> conditions(List<Condition> before, List<GatewayCondition> wanted, long generation,
                                      String now) {
        List<Condition> conditions = new ArrayList<>();
        for (GatewayCondition condition : wanted) {
            String since = before.stream().filter(old -> condition.type().equals(old.getType())
                            && condition.statusText().equals(old.getStatus()) && old.getLastTransitionTime() != null)
                    .map(Condition::getLastTransitionTime).findFirst().orElse(now);
            conditions.add(new ConditionBuilder().withType(condition.type()).withStatus(condition.statusText())
                    .withReason(condition.reason()).withMessage(condition.message())
                    .withObservedGeneration(generation).withLastTransitionTime(since).build());
        }
        return conditions;
    }

    private void write(HasMetadata object, Runnable update) {
        if (halted.getAsBoolean()) {
            return;
        }
        try {
            update.run();
        } catch (KubernetesClientException e) {
            // A conflict means the object changed meanwhile: the next snapshot brings the new version.
            if (e.getCode() != 409 && !halted.getAsBoolean()) {
                problems.accept("cannot write the status of " + object.getKind() + " "
                        + (object.getMetadata().getNamespace() == null ? "" : namespaceOf(object) + "/")
                        + object.getMetadata().getName() + ": " + ClusterErrors.describe(e));
            }
        }
    }

    private static long generation(HasMetadata object) {
        Long generation = object.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }

    private static String namespaceOf(HasMetadata object) {
        return Objects.requireNonNullElse(object.getMetadata().getNamespace(), "default");
    }
}
