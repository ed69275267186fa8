package io.countersign.ui.main;

import io.countersign.core.review.QueuedDraft;
import io.countersign.ui.audit.AuditViewModel;
import io.countersign.ui.common.ConsoleServices;
import io.countersign.ui.queue.QueueViewModel;
import io.countersign.ui.review.ReviewViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * Ties the screens together: the queue selection drives the review pane, and every stored
 * decision flows back into the queue, the counts and the audit log.
 */
public final class MainViewModel {

    private final ConsoleServices services;
    private final QueueViewModel queue;
    private final ReviewViewModel review;
    private final AuditViewModel audit;
    private final BooleanProperty darkTheme = new SimpleBooleanProperty();
    private final StringBinding counts;

    public MainViewModel(ConsoleServices services, QueueViewModel queue, ReviewViewModel review, AuditViewModel audit) {
        this.services = services;
        this.queue = queue;
        this.review = review;
        this.audit = audit;
        queue.selected().addListener((o, a, b) -> {
            if (b == null || review.draft().get() == null || !review.draft().get().equals(b)) {
                review.show(b, this::changed);
            }
        });
        counts = Bindings.createStringBinding(() -> queue.pendingCount().get() + " pending · "
                        + queue.approvedCount().get() + " approved · " + queue.rejectedCount().get() + " rejected",
                queue.pendingCount(), queue.approvedCount(), queue.rejectedCount());
    }

    public void start(Runnable whenLoaded) {
        queue.load(whenLoaded);
        audit.load();
    }

    /** A draft changed in the store: update the queue (which may move the selection on) and the log view. */
    public void changed(QueuedDraft updated) {
        queue.replace(updated);
        audit.load();
    }

    public void skip() {
        int before = queue.selectedIndex().get();
        queue.next();
        if (queue.selectedIndex().get() == before) {
            review.message().set("End of the queue.");
        }
    }

    public StringBinding counts() {
        return counts;
    }

    public String policyText() {
        return "policy " + services.policy().get().shortVersion();
    }

    public String policyVersion() {
        return services.policy().get().version();
    }

    public String workspaceText() {
        return "workspace: " + services.workspaceName();
    }

    public String reviewerText() {
        return "reviewer: " + services.reviewer();
    }

    public BooleanProperty darkTheme() {
        return darkTheme;
    }

    public QueueViewModel queue() {
        return queue;
    }

    public ReviewViewModel review() {
        return review;
    }

    public AuditViewModel audit() {
        return audit;
    }
}
