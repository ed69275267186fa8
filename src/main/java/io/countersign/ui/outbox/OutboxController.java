package io.countersign.ui.outbox;

import io.countersign.core.outbox.OutboxState;
import io.countersign.ui.common.KeyBinding;
import io.countersign.ui.common.Tables;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;
import javafx.util.StringConverter;

/** The Outbox tab's table and actions. */
public final class OutboxController {

    private final OutboxViewModel vm;

    @FXML private ComboBox<OutboxState> stateFilter;
    @FXML private Label countsLabel;
    @FXML private Label pausedLabel;
    @FXML private Label statusLabel;
    @FXML private Button pauseAllButton;
    @FXML private Button sendByHandButton;
    @FXML private Button cancelButton;
    @FXML private Button retryButton;
    @FXML private Button sentButton;
    @FXML private Button notSentButton;
    @FXML private TableView<OutboxRow> table;

    public OutboxController(OutboxViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        stateFilter.getItems().add(null);
        stateFilter.getItems().addAll(OutboxState.values());
        stateFilter.setConverter(new StringConverter<>() {
            @Override
            public String toString(OutboxState s) {
                return s == null ? "All states" : s.wireName();
            }

            @Override
            public OutboxState fromString(String s) {
                return OutboxState.fromWireName(s).orElse(null);
            }
        });
        stateFilter.valueProperty().bindBidirectional(vm.filter());
        table.getColumns().add(Tables.column("#", 60, r -> Long.toString(r.id())));
        table.getColumns().add(Tables.column("State", 110, OutboxRow::stateText));
        table.getColumns().add(Tables.column("When", 170, OutboxRow::when));
        table.getColumns().add(Tables.column("Identity", 140, r -> r.entry().identityId() + (r.assisted() ? " (by hand)" : "")));
        table.getColumns().add(Tables.column("To", 240, r -> r.entry().recipient()));
        table.getColumns().add(Tables.column("Draft", 130, r -> r.entry().draftId()));
        table.getColumns().add(Tables.column("Approval", 140, OutboxRow::approval));
        table.getColumns().add(Tables.column("Why / result", 420, OutboxRow::why));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("Nothing in the outbox. Approved messages appear here, with when they go and why they wait."));
        table.setItems(vm.rows());
        table.setRowFactory(tv -> new TableRow<>() {
            @Override
            protected void updateItem(OutboxRow row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().removeAll("outbox-failed", "outbox-unknown", "outbox-sent");
                if (!empty && row != null) {
                    switch (row.state()) {
                        case FAILED -> getStyleClass().add("outbox-failed");
                        case UNKNOWN -> getStyleClass().add("outbox-unknown");
                        case SENT -> getStyleClass().add("outbox-sent");
                        default -> { }
                    }
                    String text = row.entry().subject().isEmpty() ? row.entry().body()
                            : row.entry().subject() + "\n\n" + row.entry().body();
                    setTooltip(new Tooltip(text.length() > 1500 ? text.substring(0, 1500) + "…" : text));
                } else {
                    setTooltip(null);
                }
            }
        });
        countsLabel.textProperty().bind(vm.counts());
        statusLabel.textProperty().bind(vm.status());
        pausedLabel.textProperty().bind(vm.pausedAll());
        pausedLabel.visibleProperty().bind(vm.pausedAll().isNotEmpty());
        pausedLabel.managedProperty().bind(pausedLabel.visibleProperty());
        pauseAllButton.textProperty().bind(Bindings.when(vm.paused()).then("Resume all sending").otherwise("Pause all sending…"));
        pauseAllButton.setTooltip(new Tooltip(KeyBinding.PAUSE_ALL.tooltip()));
        var selected = table.getSelectionModel().selectedItemProperty();
        sendByHandButton.disableProperty().bind(Bindings.createBooleanBinding(() -> selected.get() == null
                || !selected.get().assisted() || selected.get().state() != OutboxState.SCHEDULED, selected));
        sendByHandButton.setTooltip(new Tooltip("LinkedIn messages a person sends: copy the text, open the profile, then confirm"));
        cancelButton.disableProperty().bind(Bindings.createBooleanBinding(() -> selected.get() == null
                || !selected.get().entry().cancellable(), selected));
        cancelButton.setTooltip(new Tooltip("Withdraw the approval of a message not sent yet; the draft goes back to the queue"));
        retryButton.disableProperty().bind(Bindings.createBooleanBinding(() -> selected.get() == null
                || selected.get().state() != OutboxState.FAILED, selected));
        var resolvable = Bindings.createBooleanBinding(() -> selected.get() == null
                || !(selected.get().state() == OutboxState.UNKNOWN
                || selected.get().state() == OutboxState.SENDING && selected.get().assisted()), selected);
        sentButton.disableProperty().bind(resolvable);
        notSentButton.disableProperty().bind(resolvable);
        sentButton.setTooltip(new Tooltip("It went out (you checked the sent folder or sent it by hand)"));
        notSentButton.setTooltip(new Tooltip("It did not go out: it is scheduled again"));
        Timeline ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> vm.tick()));
        ticker.setCycleCount(Timeline.INDEFINITE);
        ticker.play();
    }

    private OutboxRow selected() {
        return table.getSelectionModel().getSelectedItem();
    }

    @FXML
    void pauseAll() {
        vm.togglePauseAll();
    }

    @FXML
    void sendByHand() {
        vm.sendByHand(selected());
    }

    @FXML
    void cancel() {
        vm.cancel(selected());
    }

    @FXML
    void retry() {
        vm.retry(selected());
    }

    @FXML
    void resolveSent() {
        vm.resolve(selected(), true);
    }

    @FXML
    void resolveNotSent() {
        vm.resolve(selected(), false);
    }

    @FXML
    void refresh() {
        vm.load();
    }

    public void reload() {
        vm.load();
    }
}
