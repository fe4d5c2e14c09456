package dev.ingresslab.gui;

import dev.ingresslab.core.DataDirectory;
import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.LocalHttps;
import dev.ingresslab.core.PortChoice;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import dev.ingresslab.proxy.ProxySettings;

import java.util.Objects;
import java.util.Optional;

/**
 * What the window opens with.
 *
 * @param options  how the sessions the window starts run: the data directory (where the window's settings file
 *                 lives too), the proxy's ports
 * @param sandbox  what "sandbox" in the context picker starts: {@code demo}'s kept sandbox with the samples, or in
 *                 tests a throwaway one
 * @param running  a session already running (started by {@code demo} in the terminal), shown at once; empty when
 *                 the window starts its own
 * @param autostart start the session on the picked cluster as soon as the window opens
 * @param terminal  the terminal the window was opened from, told of each session the window starts (Stop then
 *                  Start in {@code demo}'s window prints as {@code demo} does); empty for {@code gui}
 */
public record GuiStart(SessionOptions options, Source.Sandbox sandbox, Optional<LabSession> running,
                       boolean autostart, Optional<SessionTerminal> terminal) {

    public GuiStart {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(running, "running");
        Objects.requireNonNull(terminal, "terminal");
    }

    /** A start with no terminal to tell: the window's sessions print nothing. */
    public GuiStart(SessionOptions options, Source.Sandbox sandbox, Optional<LabSession> running, boolean autostart) {
        this(options, sandbox, running, autostart, Optional.empty());
    }

    /**
     * {@code ingress-lab gui}: the user's data directory, the proxy on port 80 or, when that is taken, 8080 (as
     * {@code demo} chooses), the kept sandbox with the samples; nothing started until the user clicks Start.
     */
    public static GuiStart defaults() {
        PortChoice http = PortChoice.of(null, 80, 8080, "HTTP");
        PortChoice https = PortChoice.of(null, 443, 8443, "HTTPS");
        java.nio.file.Path data = DataDirectory.resolve();
        ProxySettings settings = ProxySettings.defaults().withHttpPort(http.port());
        String note = http.message() + "; " + https.message();
        try {
            settings = LocalHttps.on(settings, data, https.port());
        } catch (dev.ingresslab.tls.local.LocalCaException e) {
            note = http.message() + "; no HTTPS listener: " + e.getMessage(); // the window still serves HTTP
        }
        return new GuiStart(SessionOptions.defaults().withDataDirectory(data).withProxy(settings).withPortNote(note),
                new Source.Sandbox(true, false, true), Optional.empty(), false);
    }

    /** Where the window's settings live. */
    public java.nio.file.Path dataDirectory() {
        return options.dataDirectory();
    }
}
