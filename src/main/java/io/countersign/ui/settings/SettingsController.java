package io.countersign.ui.settings;

import io.countersign.ui.common.KeyBinding;
import io.countersign.ui.common.Tables;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;

/** Settings: the policy in force with Try policy, and the do-not-contact list. */
public final class SettingsController {

    private final SettingsViewModel vm;
    private Runnable tryPolicy = () -> { };

    @FXML private Label policyVersionLabel;
    @FXML private Label policyDetailsLabel;
    @FXML private Button tryPolicyButton;
    @FXML private TableView<SettingsViewModel.RuleRow> rulesTable;
    @FXML private TextField filterField;
    @FXML private Button addButton;
    @FXML private Button importButton;
    @FXML private Button repliesButton;
    @FXML private Button withdrawButton;
    @FXML private Label listStatusLabel;
    @FXML private TableView<SettingsViewModel.EntryRow> entriesTable;
    @FXML private Label identityStatusLabel;
    @FXML private Button pauseButton;
    @FXML private Button addIdentityButton;
    @FXML private Button testButton;

    @FXML
    private void addIdentity() {
        vm.addIdentity();
    }

    @FXML private Button editIdentityButton;
    @FXML private Button removeIdentityButton;

    @FXML
    private void removeIdentity() {
        vm.removeIdentity(identitiesTable.getSelectionModel().getSelectedItem());
    }

    @FXML
    private void editIdentity() {
        vm.editIdentity(identitiesTable.getSelectionModel().getSelectedItem());
    }

    @FXML private Button signInButton;

    @FXML
    private void signIn() {
        vm.signIn(identitiesTable.getSelectionModel().getSelectedItem());
    }

    @FXML
    private void sendTest() {
        vm.sendTest(identitiesTable.getSelectionModel().getSelectedItem());
    }
    @FXML private TableView<SettingsViewModel.IdentityRow> identitiesTable;

    public SettingsController(SettingsViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void togglePause() {
        vm.togglePause(identitiesTable.getSelectionModel().getSelectedItem());
    }

    @FXML
    private void initialize() {
        policyVersionLabel.textProperty().bind(vm.policyVersion().map(v -> "Policy " + v));
        policyDetailsLabel.textProperty().bind(vm.policyDetails());
        policyDetailsLabel.setTooltip(new Tooltip());
        policyDetailsLabel.getTooltip().textProperty().bind(vm.policyDetails());
        tryPolicyButton.setTooltip(new Tooltip(KeyBinding.TRY_POLICY.tooltip()));

        rulesTable.getColumns().add(Tables.column("Rule", 220, SettingsViewModel.RuleRow::id));
        rulesTable.getColumns().add(Tables.column("Mode", 110, SettingsViewModel.RuleRow::mode));
        rulesTable.getColumns().add(Tables.column("Overrides (campaign > persona > template)", 600,
                SettingsViewModel.RuleRow::overrides));
        rulesTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        rulesTable.setItems(vm.rules());

        entriesTable.getColumns().add(Tables.column("Kind", 90, SettingsViewModel.EntryRow::kind));
        entriesTable.getColumns().add(Tables.column("Value", 300, SettingsViewModel.EntryRow::value));
        entriesTable.getColumns().add(Tables.column("Reason", 280, SettingsViewModel.EntryRow::reason));
        entriesTable.getColumns().add(Tables.column("Source", 140, SettingsViewModel.EntryRow::source));
        entriesTable.getColumns().add(Tables.column("Added by", 120, SettingsViewModel.EntryRow::addedBy));
        entriesTable.getColumns().add(Tables.column("Added", 140, SettingsViewModel.EntryRow::addedAt));
        entriesTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        entriesTable.setPlaceholder(new Label("Nobody is on the do-not-contact list yet."));
        entriesTable.setItems(vm.entries());

        identitiesTable.getColumns().add(Tables.column("Identity", 160, SettingsViewModel.IdentityRow::id));
        identitiesTable.getColumns().add(Tables.column("Channel", 80, SettingsViewModel.IdentityRow::channel));
        identitiesTable.getColumns().add(Tables.column("From", 240, SettingsViewModel.IdentityRow::address));
        identitiesTable.getColumns().add(Tables.column("Transport", 200, SettingsViewModel.IdentityRow::transport));
        identitiesTable.getColumns().add(Tables.column("Window", 230, SettingsViewModel.IdentityRow::window));
        identitiesTable.getColumns().add(Tables.column("Limits", 220, SettingsViewModel.IdentityRow::limits));
        javafx.scene.control.TableColumn<SettingsViewModel.IdentityRow, SettingsViewModel.IdentityRow> today =
                new javafx.scene.control.TableColumn<>("Used today");
        today.setPrefWidth(190);
        today.setMinWidth(170);
        today.setCellValueFactory(cd -> new javafx.beans.property.ReadOnlyObjectWrapper<>(cd.getValue()));
        today.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            private final javafx.scene.control.ProgressBar bar = new javafx.scene.control.ProgressBar();
            private final Label text = new Label();
            private final javafx.scene.layout.HBox box = new javafx.scene.layout.HBox(6, bar, text);

            {
                bar.setPrefWidth(70);
                box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            }

            @Override
            protected void updateItem(SettingsViewModel.IdentityRow row, boolean empty) {
                super.updateItem(row, empty);
                if (empty || row == null) {
                    setGraphic(null);
                    return;
                }
                bar.setProgress(row.used());
                bar.getStyleClass().removeAll("danger", "warning");
                if (row.used() >= 1) {
                    bar.getStyleClass().add("danger");
                } else if (row.used() >= 0.8) {
                    bar.getStyleClass().add("warning");
                }
                text.setText(row.usage());
                setGraphic(box);
            }
        });
        identitiesTable.getColumns().add(today);
        identitiesTable.getColumns().add(Tables.column("State", 200, SettingsViewModel.IdentityRow::state));
        identitiesTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        identitiesTable.setPlaceholder(new Label("No sending identities yet."));
        identitiesTable.setItems(vm.identities());
        identityStatusLabel.textProperty().bind(vm.identityStatus());
        var selectedIdentity = identitiesTable.getSelectionModel().selectedItemProperty();
        pauseButton.disableProperty().bind(selectedIdentity.isNull());
        testButton.disableProperty().bind(selectedIdentity.isNull());
        editIdentityButton.disableProperty().bind(selectedIdentity.isNull());
        removeIdentityButton.disableProperty().bind(selectedIdentity.isNull());
        signInButton.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> selectedIdentity.get() == null || !selectedIdentity.get().transport().startsWith("smtp"), selectedIdentity));
        signInButton.setTooltip(new javafx.scene.control.Tooltip("Google Workspace or Microsoft 365 (or another OAuth provider): "
                + "the mailbox logs in with XOAUTH2 and renews its own access; no password is stored"));
        testButton.setTooltip(new javafx.scene.control.Tooltip("One message through the identity's real transport to your own "
                + "address, to prove its settings and credentials (recorded as identity.tested)"));
        pauseButton.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> selectedIdentity.get() != null && selectedIdentity.get().paused() ? "Resume" : "Pause…", selectedIdentity));
        filterField.textProperty().bindBidirectional(vm.filter());
        listStatusLabel.textProperty().bind(vm.listStatus());
        addButton.setTooltip(new Tooltip("Record an objection (reply, message, call): the lead is blocked on every channel"));
        importButton.setTooltip(new Tooltip("Add entries from a CSV with header kind,value[,reason][,source]"));
        repliesButton.setTooltip(new Tooltip("Read leads' replies (JSON lines: channel, from or leadId, text): "
                + "everyone who objected goes on the list"));
        withdrawButton.setTooltip(new Tooltip("Withdraw the selected entry (added by mistake); its history is kept"));
        withdrawButton.disableProperty().bind(entriesTable.getSelectionModel().selectedItemProperty().isNull());
    }

    /** What Try policy… does (the main window owns it, so the shortcut and this button do the same). */
    public void setTryPolicy(Runnable action) {
        this.tryPolicy = action;
    }

    public void reload() {
        vm.refreshPolicy();
        vm.loadEntries();
        vm.loadIdentities();
    }

    @FXML
    void tryPolicy() {
        tryPolicy.run();
    }

    @FXML
    void addEntry() {
        vm.addEntry();
    }

    @FXML
    void importCsv() {
        vm.importCsv();
    }

    @FXML
    void importReplies() {
        vm.importReplies();
    }

    @FXML
    void withdraw() {
        vm.withdraw(entriesTable.getSelectionModel().getSelectedItem());
    }
}
