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

    /** Sequence number after the last entry shown; -1 before the first load. */
    private long shownUpTo = -1;
    private boolean loading;

    /** Shows the most recent entries (at most {@link #MAX_ROWS}). */
    public void load() {
        loading = true;
        services.tasks().submit(() -> {
            long size = services.audit().size();
            long from = Math.max(0, size - MAX_ROWS);
            return new Page(from, rowsOf(services.audit().read(from, MAX_ROWS)));
        }, page -> {
            loading = false;
            rows.setAll(page.rows());
            shownUpTo = page.from() + page.rows().size();
            showCount();
        }, e -> {
            loading = false;
            status.set("Cannot read the audit log: " + e.getMessage());
        });
    }

    /**
     * Entries were appended (the change feed said so): read only the new ones, not the whole log,
     * so a decision costs the same whether the log holds a hundred entries or a million.
     */
    public void appended(long nextSeq) {
        if (loading || shownUpTo < 0 || nextSeq <= shownUpTo) {
            return;
        }
        long from = shownUpTo;
        shownUpTo = nextSeq;
        services.tasks().submit(() -> new Page(from, rowsOf(services.audit().read(from, (int) Math.min(MAX_ROWS, nextSeq - from)))),
                page -> {
                    rows.addAll(page.rows());
                    if (rows.size() > MAX_ROWS) {
                        rows.remove(0, rows.size() - MAX_ROWS);
                    }
                    showCount();
                }, e -> status.set("Cannot read the audit log: " + e.getMessage()));
    }

    private record Page(long from, List<AuditRow> rows) {
    }

    private static List<AuditRow> rowsOf(List<AuditEntry> entries) {
        List<AuditRow> out = new ArrayList<>(entries.size());
        for (AuditEntry e : entries) {
            out.add(AuditRow.of(e));
        }
        return out;
    }

    private void showCount() {
        status.set(rows.size() + (rows.size() == 1 ? " entry" : " entries") + (rows.size() >= MAX_ROWS ? " (most recent shown)" : ""));
    }

    public void verify() {
        status.set("Verifying…");
        services.tasks().submit(() -> {
            AuditVerification v = services.integrity().verify();
            return java.util.Map.entry(v, v.ok() ? services.projections().problems() : java.util.List.<String>of());
        }, (java.util.Map.Entry<AuditVerification, java.util.List<String>> r) -> {
            AuditVerification v = r.getKey();
            java.util.List<String> problems = r.getValue();
            verified.set(v.ok() && problems.isEmpty());
            if (!v.ok()) {
                status.set("BROKEN: " + v.summary());
            } else if (!problems.isEmpty()) {
                status.set("BROKEN: " + problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
            } else {
                status.set("Verified: " + v.summary().substring(3) + ", hash chain, signed checkpoints, drafts, "
                        + "do-not-contact list and kept policies intact.");
            }
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
