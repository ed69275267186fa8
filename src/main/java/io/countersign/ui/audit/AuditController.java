package io.countersign.ui.audit;

import java.util.function.Function;
import io.countersign.ui.common.Tables;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

/** The whole audit log as a table, with verification of the hash chain. */
public final class AuditController {

    private final AuditViewModel vm;

    @FXML private Button verifyButton;
    @FXML private Button refreshButton;
    @FXML private Label statusLabel;
    @FXML private TableView<AuditRow> table;

    public AuditController(AuditViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        table.getColumns().add(column("#", 60, r -> Long.toString(r.seq())));
        table.getColumns().add(column("Time (UTC)", 190, AuditRow::time));
        table.getColumns().add(column("Actor", 170, AuditRow::actor));
        table.getColumns().add(column("Event", 130, AuditRow::type));
        table.getColumns().add(column("Draft", 160, AuditRow::draftId));
        table.getColumns().add(column("Identity", 130, AuditRow::identity));
        TableColumn<AuditRow, String> summary = column("Summary", 480, AuditRow::summary);
        table.getColumns().add(summary);
        table.setItems(vm.rows());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("The audit log is empty."));
        table.setRowFactory(tv -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(AuditRow row, boolean empty) {
                super.updateItem(row, empty);
                setTooltip(empty || row == null ? null : new Tooltip(row.line().length() > 2000
                        ? row.line().substring(0, 2000) + "…" : row.line()));
            }
        });
        statusLabel.textProperty().bind(vm.status());
        verifyButton.setTooltip(new Tooltip("Re-derive the hash chain of every entry and compare it with what is stored"));
        refreshButton.setTooltip(new Tooltip("Reload the log"));
    }

    private static TableColumn<AuditRow, String> column(String title, double width, Function<AuditRow, String> value) {
        return Tables.column(title, width, value);
    }

    @FXML
    void verify() {
        vm.verify();
    }

    @FXML
    void refresh() {
        vm.load();
    }

    public void reload() {
        vm.load();
    }
}
