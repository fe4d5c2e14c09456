package dev.ingresslab.gui;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The dialogs a view asks the user for files with: manifests to open, a file to save to, and whether to replace a
 * file that exists. An interface so that tests answer for the user (a native dialog cannot be clicked headless);
 * {@link #SYSTEM} is JavaFX's own.
 */
interface ManifestDialogs {

    /** The manifest files the user picked (YAML), or an empty list when they cancelled. */
    List<Path> openManifests(Window owner, String title);

    /** The file the user chose to save to, or empty when they cancelled; {@code suggested} is the name offered. */
    Optional<Path> saveAs(Window owner, String title, String suggested);

    /** Whether the user agrees to replace {@code file}, which exists; false when they cancel. */
    boolean confirmReplace(Window owner, Path file);

    /** JavaFX's file choosers and a confirmation alert. */
    ManifestDialogs SYSTEM = new ManifestDialogs() {
        @Override
        public List<Path> openManifests(Window owner, String title) {
            List<File> files = chooser(title).showOpenMultipleDialog(owner);
            return files == null ? List.of() : files.stream().map(File::toPath).toList();
        }

        @Override
        public Optional<Path> saveAs(Window owner, String title, String suggested) {
            FileChooser chooser = chooser(title);
            chooser.setInitialFileName(suggested);
            return Optional.ofNullable(chooser.showSaveDialog(owner)).map(File::toPath);
        }

        @Override
        public boolean confirmReplace(Window owner, Path file) {
            ButtonType replace = new ButtonType("Replace", ButtonBar.ButtonData.OK_DONE);
            Alert alert = new Alert(Alert.AlertType.CONFIRMATION, file + " exists. Replace it with the converted"
                    + " objects? Its current content is lost.", replace, ButtonType.CANCEL);
            alert.initOwner(owner);
            alert.setHeaderText("Replace " + file.getFileName() + "?");
            return alert.showAndWait().filter(replace::equals).isPresent();
        }

        private FileChooser chooser(String title) {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(title);
            chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("YAML", "*.yaml", "*.yml"),
                    new FileChooser.ExtensionFilter("All files", "*"));
            return chooser;
        }
    };
}
