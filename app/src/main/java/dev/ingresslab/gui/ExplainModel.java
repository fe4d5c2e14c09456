package dev.ingresslab.gui;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.route.Decision;
import dev.ingresslab.route.SimpleRequest;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Explain view's model: a request (method, URL, headers) and what the running session's route table does
 * with it, with every candidate's verdict ({@link LabSession#explain}: the engine of the {@code explain} command
 * and of the proxy itself). Nothing is sent.
 */
public final class ExplainModel {

    /** The methods offered; any other can be typed. */
    public static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

    private final SessionModel session;
    private final StringProperty url = new SimpleStringProperty(this, "url", "http://alpaca.example.com/");
    private final ObjectProperty<String> method = new SimpleObjectProperty<>(this, "method", "GET");
    private final StringProperty headers = new SimpleStringProperty(this, "headers", "");
    private final ReadOnlyObjectWrapper<Decision> decision = new ReadOnlyObjectWrapper<>(this, "decision");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");

    public ExplainModel(SessionModel session) {
        this.session = session;
    }

    public StringProperty urlProperty() {
        return url;
    }

    public ObjectProperty<String> methodProperty() {
        return method;
    }

    /** Extra request headers, one {@code Name: value} per line; a {@code Host} line overrides the URL's host. */
    public StringProperty headersProperty() {
        return headers;
    }

    /** The last decision, or null. */
    public ReadOnlyObjectProperty<Decision> decisionProperty() {
        return decision.getReadOnlyProperty();
    }

    /** What is wrong with the request typed, or why nothing can be explained now, with what to do; else empty. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Explains the request typed, on a background worker. */
    public void explain() {
        problem.set("");
        LabSession running = session.sessionProperty().get();
        if (running == null) {
            decision.set(null);
            problem.set("Nothing is running: press Start in the bar above. Explain uses the routes in force.");
            return;
        }
        Map<String, List<String>> fields;
        try {
            fields = parseHeaders(headers.get());
        } catch (IllegalArgumentException e) {
            decision.set(null);
            problem.set(e.getMessage());
            return;
        }
        SimpleRequest request;
        try {
            request = SimpleRequest.of(method.get() == null || method.get().isBlank() ? "GET"
                    : method.get().trim(), url.get().trim(), fields);
        } catch (IllegalArgumentException e) {
            decision.set(null);
            problem.set(e.getMessage() + ". Type a whole URL, as in http://alpaca.example.com/a/");
            return;
        }
        busy.set(true);
        FxThread.background(() -> running.explain(request), found -> {
            busy.set(false);
            decision.set(found);
        }, error -> {
            busy.set(false);
            problem.set("cannot explain: " + error.getMessage());
        });
    }

    /**
     * Headers typed one per line as {@code Name: value}; blank lines are skipped.
     *
     * @throws IllegalArgumentException naming the line that is not a header, and how to write it
     */
    static Map<String, List<String>> parseHeaders(String text) {
        Map<String, List<String>> parsed = new LinkedHashMap<>();
        String[] lines = text == null ? new String[0] : text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon > 0 ? line.substring(0, colon).strip() : "";
            if (name.isEmpty() || !name.chars().allMatch(ExplainModel::tokenChar)) {
                throw new IllegalArgumentException("header line " + (i + 1) + " (" + line + ") is not a header;"
                        + " write one per line as Name: value, as in Host: alpaca.example.com");
            }
            parsed.computeIfAbsent(name, key -> new ArrayList<>()).add(line.substring(colon + 1).strip());
        }
        return parsed;
    }

    /** RFC 9110 §5.6.2 token characters, which a field name is made of. */
    private static boolean tokenChar(int c) {
        return c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
}
