package io.countersign.ui.audit;

import io.countersign.core.audit.AuditEntry;
import io.countersign.core.audit.AuditVerification;
import io.countersign.ui.common.ConsoleServices;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The whole audit log, newest last, and the result of verifying it. */
public final class AuditViewModel {

    /** The table shows the most recent entries; the CLI prints the whole log. */
    static final int MAX_ROWS = 20_000;

    private final ConsoleServices services;
    private final ObservableList<AuditRow> rows = FXCollections.observableArrayList();
    private final StringProperty status = new SimpleStringProperty("");
    private final BooleanProperty verified = new SimpleBooleanProperty();

    public AuditViewModel(ConsoleServices services) {
        this.services = services;
    }

    public void load() {
        services.tasks().submit(() -> {
            long size = services.audit().size();
            long from = Math.max(0, size - MAX_ROWS);
            List<AuditRow> out = new ArrayList<>();
            for (AuditEntry e : services.audit().read(from, MAX_ROWS)) {
                out.add(AuditRow.of(e));
            }
            return out;
        }, list -> {
            rows.setAll(list);
            status.set(list.size() + " entries" + (list.size() == MAX_ROWS ? " (most recent shown)" : ""));
        }, e -> status.set("Cannot read the audit log: " + e.getMessage()));
    }

    public void verify() {
        status.set("Verifying…");
        services.tasks().submit(() -> services.audit().verify(), (AuditVerification v) -> {
            verified.set(v.ok());
            status.set(v.ok() ? "Verified: " + v.entries() + " entries, hash chain intact."
                    : "BROKEN: " + v.summary());
        }, e -> status.set("Verification failed: " + e.getMessage()));
    }

    public ObservableList<AuditRow> rows() {
        return rows;
    }

    public StringProperty status() {
        return status;
    }

    public BooleanProperty verified() {
        return verified;
    }
}
