package dev.ingresslab.gui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A display served by Xvfb is recognised from the process table; nothing else is. */
class VirtualFramebufferTest {

    @TempDir
    Path proc;

    private void process(String pid, String... argv) throws IOException {
        Files.createDirectories(proc.resolve(pid));
        Files.write(proc.resolve(pid).resolve("cmdline"), (String.join("\0", argv) + "\0")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aDisplayAnXvfbServesIsXvfbInEveryLocalForm() throws IOException {
        process("1", "/sbin/init");
        process("4242", "/usr/bin/Xvfb", ":114", "-screen", "0", "1400x900x24");
        assertThat(VirtualFramebuffer.isXvfb(":114", proc)).isTrue();
        assertThat(VirtualFramebuffer.isXvfb(":114.0", proc)).isTrue();
        assertThat(VirtualFramebuffer.isXvfb("unix:114", proc)).isTrue();
    }

    @Test
    void xvfbRunsOwnCommandLineCountsToo() throws IOException {
        // xvfb-run -a starts "Xvfb :99 -screen 0 1280x1024x24 -nolisten tcp -auth /tmp/xvfb-run.X/Xauthority"
        process("77", "Xvfb", ":99", "-screen", "0", "1280x1024x24", "-nolisten", "tcp");
        assertThat(VirtualFramebuffer.isXvfb(":99", proc)).isTrue();
    }

    @Test
    void xvfbWithoutADisplayArgumentServesDisplayZero() throws IOException {
        process("5", "/usr/bin/Xvfb", "-screen", "0", "800x600x24");
        assertThat(VirtualFramebuffer.isXvfb(":0", proc)).isTrue();
        assertThat(VirtualFramebuffer.isXvfb(":1", proc)).isFalse();
    }

    @Test
    void aRealXServerOrAnotherDisplaysXvfbIsNot() throws IOException {
        process("900", "/usr/lib/xorg/Xorg", ":0", "-seat", "seat0", "vt2");
        process("901", "/usr/bin/Xvfb", ":5");
        process("902", "/usr/bin/Xvfb-helper", ":0");
        process("903", "/usr/bin/Xwayland", ":1");
        assertThat(VirtualFramebuffer.isXvfb(":0", proc)).as("Xorg: a GPU may be there").isFalse();
        assertThat(VirtualFramebuffer.isXvfb(":1", proc)).as("Xwayland").isFalse();
        assertThat(VirtualFramebuffer.isXvfb(":55", proc)).as("another display number").isFalse();
    }

    @Test
    void remoteNullOrMalformedDisplaysAreNeverXvfb() throws IOException {
        process("901", "/usr/bin/Xvfb", ":5");
        assertThat(VirtualFramebuffer.isXvfb("localhost:5", proc)).as("ssh -X forwarding: not ours to judge")
                .isFalse();
        assertThat(VirtualFramebuffer.isXvfb(null, proc)).isFalse();
        assertThat(VirtualFramebuffer.isXvfb("", proc)).isFalse();
        assertThat(VirtualFramebuffer.isXvfb(":five", proc)).isFalse();
        assertThat(VirtualFramebuffer.isXvfb("/private/tmp/com.apple.launchd.x/org.xquartz:0", proc)).isFalse();
        assertThat(VirtualFramebuffer.isXvfb(":5", proc.resolve("missing"))).as("no process table").isFalse();
    }

    @Test
    void theUsersOwnPipelineChoiceWins() {
        String before = System.getProperty(VirtualFramebuffer.PRISM_ORDER);
        try {
            System.setProperty(VirtualFramebuffer.PRISM_ORDER, "es2");
            assertThat(VirtualFramebuffer.preferSoftwarePipeline(":0")).isFalse();
            assertThat(System.getProperty(VirtualFramebuffer.PRISM_ORDER)).isEqualTo("es2");
        } finally {
            if (before == null) {
                System.clearProperty(VirtualFramebuffer.PRISM_ORDER);
            } else {
                System.setProperty(VirtualFramebuffer.PRISM_ORDER, before);
            }
        }
    }
}
