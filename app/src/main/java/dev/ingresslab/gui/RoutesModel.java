package dev.ingresslab.gui;

import dev.ingresslab.core.IngressYaml;
import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionSnapshot;
import dev.ingresslab.core.SessionSnapshot.RouteView;
import dev.ingresslab.route.Origin;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.util.Locale;
import java.util.Optional;

/**
 * The Routes view's model: the running session's routes (host → path → backend → endpoints, with their origin and
 * warnings), a filter, the selected route, and its Ingress's YAML with the route's lines (loaded in the
 * background: on a cluster it is one GET).
 */
public final class RoutesModel {

    private final SessionModel session;
    private final ObservableList<RouteView> all = FXCollections.observableArrayList();
    private final FilteredList<RouteView> shown = new FilteredList<>(all);
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ObjectProperty<RouteView> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<IngressYaml> yaml = new ReadOnlyObjectWrapper<>(this, "yaml");
    private final ReadOnlyObjectWrapper<Optional<IngressYaml.LineRange>> highlight =
            new ReadOnlyObjectWrapper<>(this, "highlight", Optional.empty());
    private final ReadOnlyStringWrapper yamlProblem = new ReadOnlyStringWrapper(this, "yamlProblem", "");
    /** An origin asked for ({@link #reveal}) before its route was listed: selected when it appears. */
    private Origin pending;

    public RoutesModel(SessionModel session) {
        this.session = session;
        session.snapshotProperty().addListener((observable, old, now) -> refresh(now));
        filter.addListener((observable, old, now) -> {
            String needle = now.trim().toLowerCase(Locale.ROOT);
            shown.setPredicate(needle.isEmpty() ? null : row -> matches(row, needle));
        });
        selected.addListener((observable, old, now) -> load(now));
        refresh(session.snapshotProperty().get());
    }

    /** The routes the filter lets through, in the table's order. */
    public ObservableList<RouteView> routes() {
        return shown;
    }

    /** All routes of the session, whatever the filter. */
    public ObservableList<RouteView> allRoutes() {
        return all;
    }

    /** Words that each shown route must contain (host, path, backend, Ingress), case-insensitive. */
    public StringProperty filterProperty() {
        return filter;
    }

    public ObjectProperty<RouteView> selectedProperty() {
        return selected;
    }

    /** The selected route's Ingress as YAML, or null while none is selected or it is loading. */
    public ReadOnlyObjectProperty<IngressYaml> yamlProperty() {
        return yaml.getReadOnlyProperty();
    }

    /** The selected route's lines in {@link #yamlProperty()}. */
    public ReadOnlyObjectProperty<Optional<IngressYaml.LineRange>> highlightProperty() {
        return highlight.getReadOnlyProperty();
    }

    /** Why the YAML could not be shown, or empty. */
    public ReadOnlyStringProperty yamlProblemProperty() {
        return yamlProblem.getReadOnlyProperty();
    }

    /** The proxy's HTTP port for the URLs to try, 0 when nothing serves. */
    public int httpPort() {
        SessionSnapshot now = session.snapshotProperty().get();
        return now == null ? 0 : now.connection().httpPort();
    }

    /** Where the running session's proxy listens, for the URLs to try (https for the hosts it serves with TLS). */
    public TryUrl.Listeners listeners() {
        return TryUrl.Listeners.of(session.snapshotProperty().get(), session.dataDirectory());
    }

    /**
     * Selects the route of this origin (Explain's "show in Routes"), clearing the filter so it is listed; when the
     * route is not listed yet, it is selected as soon as it is.
     */
    public void reveal(Origin origin) {
        filter.set("");
        Optional<RouteView> row = all.stream().filter(route -> route.origin().equals(origin)).findFirst();
        if (row.isPresent()) {
            selected.set(row.get());
            pending = null;
        } else {
            pending = origin;
        }
    }

    private void refresh(SessionSnapshot snapshot) {
        RouteView keep = selected.get();
        all.setAll(snapshot == null ? java.util.List.of() : snapshot.routes());
        Origin wanted = pending != null ? pending : keep == null ? null : keep.origin();
        RouteView again = wanted == null ? null
                : all.stream().filter(route -> route.origin().equals(wanted)).findFirst().orElse(null);
        if (again != null && pending != null) {
            pending = null;
        }
        selected.set(again);
    }

    private void load(RouteView route) {
        yaml.set(null);
        highlight.set(Optional.empty());
        yamlProblem.set("");
        LabSession running = session.sessionProperty().get();
        if (route == null || running == null) {
            return;
        }
        Origin origin = route.origin();
        FxThread.background(() -> running.objectYaml(origin.kind(), origin.namespace(), origin.name()), found -> {
            if (selected.get() != route) {
                return; // another route was picked meanwhile
            }
            if (found.isEmpty()) {
                yamlProblem.set("The " + origin.kind() + " " + origin.objectName() + " is gone: it was deleted since"
                        + " this route was listed.");
                return;
            }
            yaml.set(found.get());
            highlight.set(found.get().linesOf(origin));
        }, error -> yamlProblem.set("Cannot read the " + origin.kind() + " " + origin.objectName() + ": "
                + error.getMessage()));
    }

    private static boolean matches(RouteView row, String needle) {
        String text = (row.host() + " " + row.path() + " " + row.pathType() + " " + row.backend() + " "
                + row.origin().kind() + " " + row.origin().objectName()).toLowerCase(Locale.ROOT);
        for (String word : needle.split("\\s+")) {
            if (!text.contains(word)) {
                return false;
            }
        }
        return true;
    }
}
