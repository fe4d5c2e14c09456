package dev.ingresslab.cluster;

import dev.ingresslab.translate.Translation;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link ClusterListener} that keeps the controller's notices, in order, for a test to read. */
final class NoticeRecorder implements ClusterListener {

    private final List<String> notices = new CopyOnWriteArrayList<>();

    @Override
    public void applied(Translation translation) {
    }

    @Override
    public void notice(String text) {
        notices.add(text);
    }

    /** The notices so far; a live view, safe to read while the controller runs. */
    List<String> notices() {
        return notices;
    }
}
