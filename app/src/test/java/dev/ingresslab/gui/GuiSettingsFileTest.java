package dev.ingresslab.gui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuiSettingsFileTest {

    @TempDir
    Path data;

    @Test
    void aFirstRunHasTheDefaultsAndWritesNothing() {
        GuiSettingsFile file = new GuiSettingsFile(data.resolve("not-yet"));

        assertThat(file.load()).isEqualTo(new GuiSettingsFile.Loaded(GuiSettings.defaults(), java.util.List.of()));
        assertThat(data.resolve("not-yet")).doesNotExist();
    }

    @Test
    void whatIsSavedIsLoadedBackAndNoTemporaryFileIsLeft() throws Exception {
        GuiSettingsFile file = new GuiSettingsFile(data.resolve("Ingress Lab"));
        GuiSettings settings = new GuiSettings(1400, 900, GuiSettings.Theme.DARK, "kind-kind", "explain");

        file.save(settings);
        file.save(settings.withLastView("samples"));

        assertThat(file.load().settings()).isEqualTo(settings.withLastView("samples"));
        assertThat(file.load().problems()).isEmpty();
        try (var files = Files.list(data.resolve("Ingress Lab"))) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("gui.properties");
        }
    }

    @Test
    void unusableValuesFallBackOneByOneAndSaySo() throws Exception {
        Files.writeString(data.resolve("gui.properties"), "window.width=wide\nwindow.height=900\ntheme=purple\n"
                + "context=minikube\n", StandardCharsets.ISO_8859_1);

        GuiSettingsFile.Loaded loaded = new GuiSettingsFile(data).load();

        assertThat(loaded.settings()).isEqualTo(new GuiSettings(1200, 900, GuiSettings.Theme.SYSTEM, "minikube",
                "routes"));
        assertThat(loaded.problems()).containsExactly(
                data.resolve("gui.properties") + ": window.width=wide is not a size in pixels; using 1200",
                data.resolve("gui.properties") + ": theme=purple is not one of system, light, dark; using system");
    }

    @Test
    void theWindowsPositionIsKeptAnyWhereOnTheDesktopAndAnUnusableOneIsCentred() throws Exception {
        GuiSettingsFile file = new GuiSettingsFile(data);
        GuiSettings leftOfThePrimary = GuiSettings.defaults().withPosition(-1600, 0);

        file.save(leftOfThePrimary);

        assertThat(file.load().settings()).isEqualTo(leftOfThePrimary);
        assertThat(file.load().settings().placed()).isTrue();
        Files.writeString(file.file(), "window.x=left\nwindow.y=20\n", StandardCharsets.ISO_8859_1);
        GuiSettingsFile.Loaded loaded = file.load();
        assertThat(loaded.settings().placed()).as("half a position is no position").isFalse();
        assertThat(loaded.problems()).containsExactly(file.file()
                + ": window.x=left is not a position in pixels; the window opens centred");
    }

    @Test
    void aTinyWindowIsGrownToTheSmallestThatShowsEveryView() {
        assertThat(new GuiSettings(10, 10, GuiSettings.Theme.LIGHT, "", "").width())
                .isEqualTo(GuiSettings.MIN_WIDTH);
    }

    @Test
    void aFolderWhereTheFileShouldBeIsReportedAndLeftAlone() throws Exception {
        Files.createDirectories(data.resolve("gui.properties").resolve("mine"));
        GuiSettingsFile file = new GuiSettingsFile(data);

        assertThat(file.load().problems()).singleElement().asString().startsWith("cannot read " + file.file());
        assertThatThrownBy(() -> file.save(GuiSettings.defaults())).isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("cannot write the window's settings to " + file.file());
        assertThat(data.resolve("gui.properties").resolve("mine")).isDirectory();
    }
}
