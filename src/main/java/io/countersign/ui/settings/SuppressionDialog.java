package io.countersign.ui.settings;

import io.countersign.ui.common.CustomDialog;
import java.util.Optional;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** Asks what to add to the do-not-contact list: kind, value, reason and where it came from. */
public record SuppressionDialog() implements CustomDialog<io.countersign.ui.common.SuppressionRequest> {

    @Override
    public Optional<io.countersign.ui.common.SuppressionRequest> showAndWait(Window owner) {
        Dialog<io.countersign.ui.common.SuppressionRequest> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Do-not-contact list");
        dialog.setHeaderText("Add to the do-not-contact list?\nIt applies to every channel and every sending identity,"
                + " and is audited in your name; an entry added by mistake can only be withdrawn with a reason.");
        ButtonType add = new ButtonType("Add to list", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(add, ButtonType.CANCEL);
        javafx.scene.control.ChoiceBox<io.countersign.core.contact.Suppression.Kind> kind = new javafx.scene.control.ChoiceBox<>();
        kind.getItems().setAll(io.countersign.core.contact.Suppression.Kind.values());
        kind.setValue(io.countersign.core.contact.Suppression.Kind.EMAIL);
        kind.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(io.countersign.core.contact.Suppression.Kind k) {
                return k == null ? "" : switch (k) {
                    case EMAIL -> "Email address";
                    case DOMAIN -> "Email domain (everyone there)";
                    case COMPANY -> "Company (everyone there)";
                    case LINKEDIN -> "LinkedIn profile URL";
                    case LEAD -> "Lead id";
                };
            }

            @Override
            public io.countersign.core.contact.Suppression.Kind fromString(String s) {
                return null;
            }
        });
        TextField value = new TextField();
        value.setId("suppressionValue");
        value.promptTextProperty().bind(kind.valueProperty().map(k -> switch (k) {
            case EMAIL -> "dana@northwind.example";
            case DOMAIN -> "northwind.example";
            case COMPANY -> "Northwind Pay";
            case LINKEDIN -> "https://www.linkedin.com/in/dana";
            case LEAD -> "the lead id from the drafts (e.g. L-1042)";
        }));
        TextField reason = new TextField();
        reason.setId("suppressionReason");
        reason.setPromptText("e.g. replied STOP, asked not to be contacted");
        javafx.scene.control.ComboBox<String> source = new javafx.scene.control.ComboBox<>();
        source.setEditable(true);
        source.getItems().setAll("manual", "email-reply", "linkedin-message", "phone-call", "unsubscribe-link");
        source.setValue("manual");
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label("Kind"), kind);
        grid.addRow(1, new Label("Value"), value);
        grid.addRow(2, new Label("Reason (required)"), reason);
        grid.addRow(3, new Label("Where it came from"), source);
        javafx.scene.layout.GridPane.setHgrow(value, javafx.scene.layout.Priority.ALWAYS);
        value.setPrefWidth(320);
        grid.setPadding(new Insets(8, 12, 0, 12));
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().lookupButton(add).disableProperty().bind(
                value.textProperty().map(String::isBlank).flatMap(blank -> reason.textProperty().map(r -> blank || r.isBlank())));
        dialog.setResultConverter(bt -> bt == add ? new io.countersign.ui.common.SuppressionRequest(kind.getValue(), value.getText().strip(),
                reason.getText().strip(), source.getEditor().getText().isBlank() ? "manual" : source.getEditor().getText().strip()) : null);
        Platform.runLater(value::requestFocus);
        return dialog.showAndWait();
    }
}
