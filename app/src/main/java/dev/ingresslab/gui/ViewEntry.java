package dev.ingresslab.gui;

import javafx.beans.value.ObservableValue;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * One line of the sidebar: a view's title, its tooltip, and how to build it (once, on first show).
 *
 * @param id      stable name, remembered as the last view in the settings file ("routes")
 * @param title   what the sidebar shows ("Routes")
 * @param tooltip one sentence saying what the view is for
 * @param view    builds the view, on the FX thread
 * @param planned true for a place kept for a view another issue builds (Hosts, TLS): the sidebar shows it muted
 * @param count   the number the sidebar shows after the title (requests since the window opened, problems), kept
 *                current on the FX thread by its model; null for none
 */
public record ViewEntry(String id, String title, String tooltip, Supplier<LabView> view, boolean planned,
                        ObservableValue<? extends Number> count) {

    public ViewEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(tooltip, "tooltip");
        Objects.requireNonNull(view, "view");
    }

    /** A view that exists. */
    public static ViewEntry of(String id, String title, String tooltip, Supplier<LabView> view) {
        return new ViewEntry(id, title, tooltip, view, false, null);
    }

    /** A place kept for a view that its own issue builds: it says so, and shows nothing that is not there. */
    public static ViewEntry planned(String id, String title, String issue, String what) {
        return new ViewEntry(id, title, what + " Coming in its own issue (" + issue + ").",
                () -> EmptyState.view(title + ": coming in its own issue", what + " It is built in issue " + issue
                        + "; this place in the window is kept for it."), true, null);
    }

    /** This entry with a count beside its title in the sidebar. */
    public ViewEntry withCount(ObservableValue<? extends Number> count) {
        return new ViewEntry(id, title, tooltip, view, planned, Objects.requireNonNull(count, "count"));
    }
}
