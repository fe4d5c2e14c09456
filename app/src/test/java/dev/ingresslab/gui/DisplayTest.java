package dev.ingresslab.gui;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DisplayTest {

    @Test
    void linuxNeedsAnXServerOrAWaylandCompositor() {
        assertThat(Display.of(Map.of(), "Linux")).isEqualTo(Display.none("neither DISPLAY nor WAYLAND_DISPLAY is"
                + " set"));
        assertThat(Display.of(Map.of("DISPLAY", " "), "Linux").available()).as("blank is unset").isFalse();
        assertThat(Display.of(Map.of("DISPLAY", ":99"), "Linux").available()).isTrue();
        assertThat(Display.of(Map.of("WAYLAND_DISPLAY", "wayland-0"), "Linux").available()).isTrue();
        assertThat(Display.of(Map.of(), "FreeBSD").available()).isFalse();
    }

    @Test
    void macOsAndWindowsAlwaysHaveOne() {
        assertThat(Display.of(Map.of(), "Mac OS X").available()).isTrue();
        assertThat(Display.of(Map.of(), "Windows 11").available()).isTrue();
    }

    @Test
    void aSetDisplayWhoseXServerDoesNotAnswerIsNoDisplay() throws IOException {
        Display set = Display.of(Map.of("DISPLAY", ":0"), "Linux");
        int number = 99;
        while (Files.exists(Path.of("/tmp/.X11-unix", "X" + number))) {
            number++;
        }
        assertThat(Display.reachable(set, ":" + number + ".0")).isEqualTo(Display.none("DISPLAY=:" + number
                + ".0 cannot be opened: no X server socket /tmp/.X11-unix/X" + number));
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        assertThat(Display.reachable(set, "127.0.0.1:" + (closed - 6000))).isEqualTo(Display.none("DISPLAY=127.0.0.1:"
                + (closed - 6000) + " cannot be opened: nothing answers on 127.0.0.1 port " + closed));
        assertThat(Display.reachable(set, ":x")).isEqualTo(Display.none("DISPLAY=:x is not a display name like :0"
                + " or localhost:10.0"));
    }

    @Test
    void aSetDisplayWhoseXServerAnswersOrCannotBeCheckedStays() throws IOException {
        Display set = Display.of(Map.of("DISPLAY", ":0"), "Linux");
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(Display.reachable(set, "127.0.0.1:" + (socket.getLocalPort() - 6000))).isEqualTo(set);
        }
        assertThat(Display.reachable(set, "/private/tmp/com.apple.launchd.x/org.xquartz:0")).as("XQuartz")
                .isEqualTo(set);
        assertThat(Display.reachable(set, null)).as("Wayland only").isEqualTo(set);
        Display none = Display.of(Map.of(), "Linux");
        assertThat(Display.reachable(none, ":0")).isEqualTo(none);
    }
}
