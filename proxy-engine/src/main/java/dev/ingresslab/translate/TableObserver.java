package dev.ingresslab.translate;

import java.util.List;
import java.util.function.Consumer;

/**
 * Receives each new compilation (the table and its diagnostics) once it is made, as Contour's DAG {@code Observer}s
 * do: the proxy's swap, the session's view of the routes. Whoever compiles calls its observers in order, once per
 * table, on its own thread; an observer must not block for long (the next change waits for it).
 */
@FunctionalInterface
public interface TableObserver {

    void onChange(Translation translation);

    /**
     * Tells every observer, in order. One that throws does not keep the others from being told: its failure goes to
     * {@code failed} and the next is called.
     */
    static void tellAll(List<? extends TableObserver> observers, Translation translation, Consumer<Throwable> failed) {
        for (TableObserver observer : observers) {
            try {
                observer.onChange(translation);
            } catch (RuntimeException e) {
                failed.accept(e);
            }
        }
    }
}
