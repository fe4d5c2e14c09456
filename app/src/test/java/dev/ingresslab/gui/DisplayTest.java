package dev.ingresslab.gui;

import org.junit.jupiter.api.Test;

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
}
