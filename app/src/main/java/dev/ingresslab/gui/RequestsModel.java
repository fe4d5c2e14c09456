package dev.ingresslab.gui;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionSnapshot;
import dev.ingresslab.core.Subscription;
import dev.ingresslab.core.requests.FilterSyntaxException;
import dev.ingresslab.core.requests.HarExport;
import dev.ingresslab.core.requests.ProxyAddress;
import dev.ingresslab.core.requests.RecordBatcher;
import dev.ingresslab.core.requests.RecordUrls;
import dev.ingresslab.core.requests.Replay;
import dev.ingresslab.core.requests.ReplayClient;
import dev.ingresslab.core.requests.ReplayRequest;
import dev.ingresslab.core.requests.ReplayTrust;
import dev.ingresslab.core.requests.RequestFilter;
import dev.ingresslab.proxy.RequestRecord;
import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Origin;
import dev.ingresslab.route.SimpleRequest;
import dev.ingresslab.tls.local.LocalCa;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Requests view's model, on the FX thread: the last {@link #CAPACITY} requests of the running session, newest
 * first; the filter; replay; HAR export. Records reach it from the session's journal in batches (at most 20 a
 * second, 4 a second while more rows arrive than the table shows, at most one waiting for the FX thread:
 * {@link RecordBatcher#VIEW_PACE}), so the proxy's IO threads never wait on the window, and a busy window only sees
 * fewer, larger batches.
 */
public final class RequestsModel {

    /** The most rows the table keeps; older ones go first. */
    public static final int CAPACITY = RecordBatcher.DEFAULT_CAPACITY;
    private static final DateTimeFormatter STOPPED_AT = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final ObservableList<RequestRecord> rows = FXCollections.observableArrayList();
    private final FilteredList<RequestRecord> shown = new FilteredList<>(rows);
    private final StringProperty filterText = new SimpleStringProperty(this, "filterText", "");
    private final ReadOnlyStringWrapper filterError = new ReadOnlyStringWrapper(this, "filterError", "");
    private final ReadOnlyLongWrapper received = new ReadOnlyLongWrapper(this, "received");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
    private final ReadOnlyObjectWrapper<RequestRecord> replayed = new ReadOnlyObjectWrapper<>(this, "replayed");
    private final ObservableValue<LabSession> session;
    private Subscription feed;
    private RecordBatcher batcher;
    private String awaitedReplay;
    /**
     * The rows of sessions stopped since the window opened, by identity, each with the sentence that says which
     * ("the session stopped at 13:20:05"): they stay listed below the running session's, as an inspector keeps its
     * history across restarts (ngrok's does), and are marked so as not to be taken for this session's.
     */
    private final Map<RequestRecord, String> earlier = new java.util.IdentityHashMap<>();
    private boolean following;
    /** How many sessions have stopped under the rows: the view marks the rows again when it changes. */
    private final javafx.beans.property.ReadOnlyIntegerWrapper stopped =
            new javafx.beans.property.ReadOnlyIntegerWrapper(this, "stopped");
    /** The records loaded from the journal's ring when the session was followed, by identity. */
    private final java.util.Set<RequestRecord> preloaded = java.util.Collections.newSetFromMap(
            new java.util.IdentityHashMap<>());

    /** @param session the running session (null while none runs); its journal feeds the table */
    public RequestsModel(ObservableValue<LabSession> session) {
        this.session = session;
        filterText.addListener((observable, old, text) -> applyFilter(text));
        session.addListener((observable, old, now) -> follow(now));
        follow(session.getValue());
    }

    /** Every kept request, newest first, at most {@link #CAPACITY}. */
    public ObservableList<RequestRecord> rows() {
        return rows;
    }

    /** The rows the filter lets through, newest first: what the table shows. */
    public FilteredList<RequestRecord> shown() {
        return shown;
    }

    /** The filter box's text ({@link RequestFilter}'s language). */
    public StringProperty filterTextProperty() {
        return filterText;
    }

    /** What is wrong with the filter's text and what to type instead; empty when it is good. */
    public ReadOnlyStringProperty filterErrorProperty() {
        return filterError.getReadOnlyProperty();
    }

    /** Requests received since the window opened (the sidebar's count), including those no longer kept. */
    public ReadOnlyLongProperty receivedProperty() {
        return received.getReadOnlyProperty();
    }

    /** The last replay's or export's outcome in one sentence, or empty. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    /** The record of the last replay, once it is in the table: the view selects it. */
    public ReadOnlyObjectProperty<RequestRecord> replayedProperty() {
        return replayed.getReadOnlyProperty();
    }

    /** Shows a sentence in the view's note line (what an action did, or why it did nothing). */
    void say(String sentence) {
        note.set(sentence);
    }

    private void applyFilter(String text) {
        try {
            RequestFilter filter = RequestFilter.parse(text == null ? "" : text);
            filterError.set("");
            shown.setPredicate(filter.isEmpty() ? null : filter);
        } catch (FilterSyntaxException e) {
            filterError.set(e.getMessage()); // the last good filter stays in force while the user types
        }
    }

    private void follow(LabSession now) {
        if (feed != null) {
            feed.close();
            batcher.close();
            feed = null;
        }
        if (now == null) {
            if (following) { // the rows of a stopped session stay, to be read, replayed and exported
                String which = "the session stopped at " + STOPPED_AT.format(LocalTime.now());
                rows.forEach(row -> earlier.putIfAbsent(row, which));
                stopped.set(stopped.get() + 1);
            }
            following = false;
            return;
        }
        following = true;
        batcher = new RecordBatcher(RecordBatcher.VIEW_PACE, CAPACITY, Platform::runLater, this::apply);
        // with details: the proxy keeps each request's heads while the window follows it (the details pane and the
        // HAR export show them); the command line's access log does not ask, so it does not pay for them
        feed = now.journal().subscribeWithDetails(RecordBatcher.DEFAULT_INTERVAL, batcher::accept);
        // then what the journal already holds (the requests served before the window opened): subscribed first, so
        // none falls between the two; the first batches may repeat some, and those are skipped (same objects)
        List<RequestRecord> held = now.journal().recent(CAPACITY);
        preloaded.clear();
        preloaded.addAll(held);
        List<RequestRecord> newestFirst = new ArrayList<>(held);
        java.util.Collections.reverse(newestFirst);
        rows.addAll(0, newestFirst); // above the rows of stopped sessions, which stay
        trim();
    }

    /**
     * Which stopped session the row is from ("the session stopped at 13:20:05"), or empty for the running session's
     * (and every row while none has stopped).
     */
    public Optional<String> earlierSession(RequestRecord row) {
        return Optional.ofNullable(earlier.get(row));
    }

    /** Counts the sessions stopped since the window opened; each stop marks the rows shown then as earlier. */
    public javafx.beans.property.ReadOnlyIntegerProperty stoppedSessionsProperty() {
        return stopped.getReadOnlyProperty();
    }

    /** Drops the oldest rows past the capacity (and their marks). */
    private void trim() {
        if (rows.size() > CAPACITY) {
            if (!earlier.isEmpty()) {
                rows.subList(CAPACITY, rows.size()).forEach(earlier::remove);
            }
            rows.remove(CAPACITY, rows.size());
        }
    }

    /** On the FX thread: the batch's records go on top, newest first; the oldest past the capacity go. */
    void apply(RecordBatcher.Batch batch) {
        List<RequestRecord> records = batch.records();
        if (!preloaded.isEmpty()) {
            List<RequestRecord> fresh = records.stream().filter(record -> !preloaded.contains(record)).toList();
            if (fresh.size() == records.size()) {
                preloaded.clear(); // past the overlap
            }
            records = fresh;
        }
        received.set(received.get() + records.size() + batch.skipped());
        List<RequestRecord> newestFirst = new ArrayList<>(records.size());
        for (int i = records.size() - 1; i >= 0; i--) {
            newestFirst.add(records.get(i));
        }
        rows.addAll(0, newestFirst);
        trim();
        if (awaitedReplay != null) {
            for (RequestRecord record : records) {
                if (record.requestId().equals(awaitedReplay)) {
                    awaitedReplay = null;
                    replayed.set(record);
                }
            }
        }
    }

    /**
     * Sends {@code request} through the proxy (a background job), then says which rule took it, and whether
     * another rule than {@code original}'s did; the new row is selected when it arrives.
     */
    public void replay(ReplayRequest request, RequestRecord original, Consumer<String> failed) {
        LabSession running = session.getValue();
        Optional<InetSocketAddress> proxy = running == null ? Optional.empty()
                : ProxyAddress.of(running.current().connection());
        if (proxy.isEmpty()) {
            failed.accept("no proxy is running: start a session in the bar above, then replay");
            return;
        }
        note.set("sending " + request.method() + " " + request.url() + " …");
        Optional<InetSocketAddress> https = ProxyAddress.https(running.current().connection());
        Path localCa = running.options().dataDirectory().resolve(LocalCa.CERTIFICATE_FILE);
        FxThread.background(() -> {
            ReplayClient.Https tls = https.isEmpty() || !request.secure() ? null
                    : new ReplayClient.Https(https.get(), ReplayTrust.context(localCa));
            return new Replay(new ReplayClient(proxy.get(), tls, Duration.ofSeconds(10)), running.journal(),
                    Duration.ofSeconds(3)).send(request);
        }, result -> {
            String answer = "replayed: " + result.response().status() + " " + result.response().reason();
            if (result.record().isEmpty()) {
                note.set(answer + "; its record did not reach the journal in time (the journal drops records when"
                        + " it is far behind), so its rule is not known");
                return;
            }
            RequestRecord record = result.record().get();
            String change = original == null ? "" : result.ruleChange(original).map(text -> " — " + text)
                    .orElse(" — the same rule as the original");
            note.set(answer + " by " + record.route() + change);
            if (rows.stream().anyMatch(row -> row.requestId().equals(record.requestId()))) {
                replayed.set(record);
            } else {
                awaitedReplay = record.requestId();
            }
        }, error -> failed.accept(error.getMessage()));
    }

    /** Writes the records as a HAR 1.2 file (a background job); {@code done} gets the sentence to show. */
    public void exportHar(List<RequestRecord> records, Path file, Consumer<String> done) {
        List<RequestRecord> oldestFirst = new ArrayList<>(records);
        java.util.Collections.reverse(oldestFirst); // HAR lists entries in the order they happened
        FxThread.background(() -> {
            new HarExport(version()).write(oldestFirst, file);
            return file;
        }, written -> {
            String sentence = "exported " + oldestFirst.size() + (oldestFirst.size() == 1 ? " request" : " requests")
                    + " to " + written;
            note.set(sentence);
            done.accept(sentence);
        }, error -> {
            note.set(error.getMessage());
            done.accept(error.getMessage());
        });
    }

    /**
     * The decision the routes in force now make for the record's request, with every candidate's verdict (the
     * journal keeps the rule that decided, not the whole trace; the routes may have changed since). Empty when no
     * session runs or the request cannot be put as a URL.
     */
    public Optional<Decision> explain(RequestRecord record) {
        LabSession running = session.getValue();
        if (running == null) {
            return Optional.empty();
        }
        try {
            Map<String, List<String>> headers = record.host().isEmpty() ? Map.of()
                    : Map.of("Host", List.of(record.host()));
            return Optional.of(running.explain(SimpleRequest.of(record.method(), RecordUrls.url(record), headers)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The origin (Ingress, rule, path) of the route that decided the record, when it is still in the table. */
    public Optional<Origin> originOf(RequestRecord record) {
        LabSession running = session.getValue();
        if (running == null) {
            return Optional.empty();
        }
        for (SessionSnapshot.RouteView route : running.current().routes()) {
            if (route.route().describe().equals(record.route())) {
                return Optional.of(route.origin());
            }
        }
        return Optional.empty();
    }

    private static String version() {
        String version = RequestsModel.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    /** Stops following the session (the window closes). */
    public void close() {
        if (feed != null) {
            feed.close();
            batcher.close();
            feed = null;
        }
    }
}
