package io.countersign.ui.common;

import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** JavaFX dialogs, owned by the main window; every button names its action. */
public final class FxDialogService implements DialogService {

    private Window owner;
    private final java.util.function.Consumer<String> browser;

    /** @param browser opens a URL in the system browser (the application's host services) */
    public FxDialogService(java.util.function.Consumer<String> browser) {
        this.browser = browser;
    }

    @Override
    public void openLink(String url) {
        if (url != null && (url.startsWith("https://") || url.startsWith("http://"))) {
            browser.accept(url);
        }
    }

    public void setOwner(Window owner) {
        this.owner = owner;
    }

    @Override
    public void showError(String title, String message) {
        alert(Alert.AlertType.ERROR, title, message);
    }

    @Override
    public <R> Optional<R> show(CustomDialog<R> dialog) {
        return dialog.showAndWait(owner);
    }

    @Override
    public void showShortcuts() {
        Dialog<Void> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Keyboard shortcuts");
        dialog.setHeaderText("Keyboard shortcuts (single letters never fire while you type)");
        // Two columns of key + description, so the sheet fits a 768-pixel-high laptop screen.
        GridPane grid = new GridPane();
        grid.setHgap(14);
        grid.setVgap(6);
        KeyBinding[] all = KeyBinding.values();
        int rows = (all.length + 1) / 2;
        for (int i = 0; i < all.length; i++) {
            KeyBinding k = all[i];
            Label key = new Label(k.keys());
            key.getStyleClass().add("shortcut-key");
            key.setMinWidth(Label.USE_PREF_SIZE);
            Label description = new Label(k.description());
            description.setWrapText(true);
            description.setMinWidth(330);
            description.setPrefWidth(330);
            description.setMaxWidth(330);
            int column = i < rows ? 0 : 2;
            grid.add(key, column, i % rows);
            grid.add(description, column + 1, i % rows);
        }
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().setPrefWidth(1000);
        dialog.getDialogPane().getButtonTypes().add(new ButtonType("Close", ButtonBar.ButtonData.CANCEL_CLOSE));
        dialog.showAndWait();
    }

    @Override
    public Optional<java.nio.file.Path> chooseFile(FileChoice choice) {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle(choice.title());
        chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter(choice.kind(), choice.patterns()));
        java.io.File f = chooser.showOpenDialog(owner);
        return Optional.ofNullable(f).map(java.io.File::toPath);
    }

    @Override
    public void showInfo(String title, String message) {
        alert(Alert.AlertType.INFORMATION, title, message);
    }

    private void alert(Alert.AlertType type, String title, String message) {
        Alert alert = new Alert(type);
        if (owner != null) {
            alert.initOwner(owner);
        }
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.setContentText(message);
        alert.showAndWait();
    }
}
