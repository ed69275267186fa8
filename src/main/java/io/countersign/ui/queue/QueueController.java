package io.countersign.ui.queue;

import io.countersign.core.draft.Channel;
import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.policy.Decision;
import io.countersign.core.review.QueueRow;
import io.countersign.ui.common.Badges;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The queue list and its filters. State lives in {@link QueueViewModel}. */
public final class QueueController {

    private static final javafx.css.PseudoClass MARKED = javafx.css.PseudoClass.getPseudoClass("marked");

    private final QueueViewModel vm;

    @FXML private ComboBox<ReviewStatus> statusFilter;
    @FXML private ComboBox<Decision> decisionFilter;
    @FXML private ComboBox<Channel> channelFilter;
    @FXML private ComboBox<String> identityFilter;
    @FXML private ComboBox<String> campaignFilter;
    @FXML private Label countLabel;
    @FXML private javafx.scene.control.TextField searchField;
    @FXML private ListView<QueueRow> list;

    private boolean syncing;

    public QueueController(QueueViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        enumFilter(statusFilter, vm.statusFilter(), ReviewStatus.values(), "Any status", s -> capitalize(s.wireName()));
        enumFilter(decisionFilter, vm.decisionFilter(), Decision.values(), "Any decision", QueueController::decisionName);
        enumFilter(channelFilter, vm.channelFilter(), Channel.values(), "Any channel", c -> c == Channel.EMAIL ? "Email" : "LinkedIn");
        textFilter(identityFilter, vm.identities(), vm.identityFilter().get(), "Any identity", v -> vm.identityFilter().set(v));
        textFilter(campaignFilter, vm.campaigns(), vm.campaignFilter().get(), "Any campaign", v -> vm.campaignFilter().set(v));
        statusFilter.setTooltip(new javafx.scene.control.Tooltip("Review status"));
        decisionFilter.setTooltip(new javafx.scene.control.Tooltip("Policy decision on the draft as it stands"));
        channelFilter.setTooltip(new javafx.scene.control.Tooltip("Channel"));
        identityFilter.setTooltip(new javafx.scene.control.Tooltip("Sending identity (account)"));
        campaignFilter.setTooltip(new javafx.scene.control.Tooltip("Campaign"));

        list.setItems(vm.visible());
        list.setCellFactory(lv -> {
            DraftCell cell = new DraftCell();
            cell.setPrefWidth(0); // fit the list's width so the badge and age stay visible
            return cell;
        });
        Label empty = new Label();
        empty.textProperty().bind(javafx.beans.binding.Bindings.when(vm.loaded())
                .then("No drafts match. Change the filters or the search,\nor import a drafts file (Ctrl+I).")
                .otherwise("Loading drafts\u2026"));
        list.setPlaceholder(empty);
        list.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (!syncing) {
                vm.select(b.intValue());
            }
        });
        vm.selectedIndex().addListener((o, a, b) -> syncSelection(b.intValue()));
        vm.visible().addListener((javafx.collections.ListChangeListener<QueueRow>) c -> syncSelection(vm.selectedIndex().get()));
        vm.marked().addListener((javafx.collections.SetChangeListener<String>) c -> list.refresh());
        countLabel.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> !vm.loaded().get() ? "Loading\u2026"
                        : vm.visible().size() + (vm.visible().size() == 1 ? " draft shown" : " drafts shown"),
                vm.visible(), vm.loaded()));
        searchField.textProperty().bindBidirectional(vm.search());
        searchField.setTooltip(new javafx.scene.control.Tooltip(
                io.countersign.ui.common.KeyBinding.SEARCH.tooltip()));
        searchField.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            // Esc clears the search, Enter keeps it; both hand the keys back to the queue.
            if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE || e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE) {
                    searchField.clear();
                }
                list.requestFocus();
                e.consume();
            }
        });
    }

    /** "/": puts the cursor in the search field. */
    /** How many drafts one screen of the list shows (at least one), for PgDn / PgUp. */
    public int rowsPerPage() {
        double cell = list.lookup(".list-cell") instanceof javafx.scene.layout.Region r && r.getHeight() > 0 ? r.getHeight() : 50;
        return Math.max(1, (int) (list.getHeight() / cell) - 1);
    }

    public void focusSearch() {
        searchField.requestFocus();
        searchField.selectAll();
    }

    private void syncSelection(int index) {
        syncing = true;
        try {
            if (index < 0) {
                list.getSelectionModel().clearSelection();
            } else {
                list.getSelectionModel().clearAndSelect(index);
                list.scrollTo(Math.max(0, index - 3));
            }
        } finally {
            syncing = false;
        }
    }

    private static <E extends Enum<E>> void enumFilter(ComboBox<E> box, ObjectProperty<E> property, E[] values,
                                                       String any, Function<E, String> name) {
        box.getItems().add(null);
        box.getItems().addAll(values);
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(E value) {
                return value == null ? any : name.apply(value);
            }

            @Override
            public E fromString(String s) {
                return null;
            }
        });
        box.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(E item, boolean empty) {
                super.updateItem(item, empty);
                setText(box.getConverter().toString(item));
            }
        });
        box.setValue(property.get());
        box.valueProperty().addListener((o, a, b) -> property.set(b));
    }

    private static void textFilter(ComboBox<String> box, ObservableList<String> options, String initial, String any,
                                   java.util.function.Consumer<String> onChange) {
        box.getItems().setAll(withAny(options));
        options.addListener((javafx.collections.ListChangeListener<String>) c -> {
            String keep = box.getValue();
            box.getItems().setAll(withAny(options));
            box.setValue(keep == null || !box.getItems().contains(keep) ? "" : keep);
        });
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(String value) {
                return value == null || value.isEmpty() ? any : value;
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        box.setValue(initial);
        box.valueProperty().addListener((o, a, b) -> onChange.accept(b == null ? "" : b));
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    private static String decisionName(Decision d) {
        return switch (d) {
            case BLOCK -> "Block";
            case REQUIRE_APPROVAL -> "Review";
            case ALLOW -> "Allow";
        };
    }

    private static java.util.List<String> withAny(ObservableList<String> options) {
        java.util.List<String> items = new java.util.ArrayList<>();
        items.add("");
        items.addAll(options);
        return items;
    }

    /** Selection mark, channel icon, lead and company, identity, decision badge and age. */
    private final class DraftCell extends ListCell<QueueRow> {
        private final FontIcon mark = new FontIcon(Feather.CHECK_SQUARE);
        private final FontIcon channelIcon = new FontIcon();
        private final Label lead = new Label();
        private final Label identity = new Label();
        private final Label badge = new Label();
        private final Label age = new Label();
        private final HBox root;

        DraftCell() {
            lead.getStyleClass().add("queue-lead");
            identity.getStyleClass().addAll("queue-identity", "text-muted");
            age.getStyleClass().addAll("queue-age", "text-muted");
            age.setMinWidth(36);
            age.setAlignment(Pos.CENTER_RIGHT);
            badge.setMinWidth(Region.USE_PREF_SIZE);
            VBox text = new VBox(2, lead, identity);
            text.setMinWidth(0);
            HBox.setHgrow(text, Priority.ALWAYS);
            channelIcon.getStyleClass().add("channel-icon");
            mark.getStyleClass().add("queue-mark");
            mark.setManaged(false);
            mark.setVisible(false);
            root = new HBox(10, mark, channelIcon, text, badge, age);
            root.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(QueueRow q, boolean empty) {
            super.updateItem(q, empty);
            if (empty || q == null) {
                pseudoClassStateChanged(MARKED, false);
                setGraphic(null);
                setText(null);
                return;
            }
            boolean picked = vm.isMarked(q);
            mark.setVisible(picked);
            mark.setManaged(picked);
            pseudoClassStateChanged(MARKED, picked);
            channelIcon.setIconCode(q.channel() == Channel.EMAIL ? Feather.MAIL : Feather.LINKEDIN);
            String company = q.company();
            lead.setText(q.leadName() + (company == null || company.isBlank() ? "" : " · " + company));
            identity.setText(q.identityId() + (q.campaign().isEmpty() ? "" : " · " + q.campaign())
                    + (q.status() == ReviewStatus.PENDING ? "" : " · " + q.status().wireName()));
            Badges.decorate(badge, q.decision());
            age.setText(vm.age(q));
            setGraphic(root);
            setText(null);
        }
    }
}
