package io.countersign.ui.queue;

import io.countersign.core.draft.Channel;
import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.policy.Decision;
import io.countersign.core.review.QueueRow;
import io.countersign.core.review.QueuedDraft;
import io.countersign.ui.common.ConsoleServices;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Predicate;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The queue of drafts: filters, selection and counts. Holds no toolkit objects, so it is tested
 * without a screen. An empty filter value means "any".
 */
public final class QueueViewModel {

    private final ConsoleServices services;
    /** Every draft of the workspace as a light row; the full draft is read only for the one selected. */
    private final ObservableList<QueueRow> all = FXCollections.observableArrayList();
    private final FilteredList<QueueRow> visible = new FilteredList<>(all);
    private final javafx.beans.property.BooleanProperty loaded = new javafx.beans.property.SimpleBooleanProperty();
    /** Where each draft sits in {@code all}, so a change touches one row instead of scanning the queue. */
    private final java.util.Map<String, Integer> positions = new java.util.HashMap<>();

    private final ObjectProperty<ReviewStatus> status = new SimpleObjectProperty<>(ReviewStatus.PENDING);
    private final ObjectProperty<Decision> decision = new SimpleObjectProperty<>();
    private final ObjectProperty<Channel> channel = new SimpleObjectProperty<>();
    private final StringProperty identity = new SimpleStringProperty("");
    private final StringProperty campaign = new SimpleStringProperty("");
    private final StringProperty search = new SimpleStringProperty("");
    /** Each draft's searchable text, folded like policy text (case, accents), built once per draft version. */
    private final java.util.Map<QueueRow, String> haystacks = new java.util.IdentityHashMap<>();
    private final ObservableList<String> identities = FXCollections.observableArrayList();
    private final ObservableList<String> campaigns = FXCollections.observableArrayList();

    private final IntegerProperty selectedIndex = new SimpleIntegerProperty(-1);
    private final ObjectProperty<QueuedDraft> selected = new SimpleObjectProperty<>();
    private final LongProperty pending = new SimpleLongProperty();
    private final LongProperty approved = new SimpleLongProperty();
    private final LongProperty rejected = new SimpleLongProperty();
    /** Drafts picked for a bulk action (x, Shift+J/K), by id, in the order they were picked. */
    private final javafx.collections.ObservableSet<String> marked =
            FXCollections.observableSet(new java.util.LinkedHashSet<>());
    private final IntegerProperty markedCount = new SimpleIntegerProperty();

    public QueueViewModel(ConsoleServices services) {
        this.services = services;
        status.addListener((o, a, b) -> refilter());
        decision.addListener((o, a, b) -> refilter());
        channel.addListener((o, a, b) -> refilter());
        identity.addListener((o, a, b) -> refilter());
        campaign.addListener((o, a, b) -> refilter());
        search.addListener((o, a, b) -> refilter());
        selectedIndex.addListener((o, a, b) -> openSelected());
        marked.addListener((javafx.collections.SetChangeListener<String>) c -> markedCount.set(marked.size()));
        refilter();
    }

    /** The row at the selected index, if any. */
    public QueueRow selectedRow() {
        int i = selectedIndex.get();
        return inRange(i) ? visible.get(i) : null;
    }

    /**
     * Reads the whole draft of the selected row (off the UI thread) unless the one shown is already
     * that draft at that revision; a later selection wins over a read still on its way.
     */
    private void openSelected() {
        // A newer selection always wins over a read still on its way, even when it returns to the
        // draft already shown (j then k before the read of the next draft came back).
        long ticket = ++openTicket;
        QueueRow row = selectedRow();
        if (row == null) {
            selected.set(null);
            return;
        }
        QueuedDraft shown = selected.get();
        if (shown != null && shown.id().equals(row.id()) && shown.revision() == row.revision()) {
            return;
        }
        services.tasks().submit(() -> services.drafts().find(row.id()).orElse(null), q -> {
            if (ticket == openTicket) {
                selected.set(q);
            }
        }, e -> {
            if (ticket == openTicket) {
                services.dialogs().showError("Cannot open draft " + row.id(), String.valueOf(e.getMessage()));
            }
        });
    }

    private long openTicket;

    /** Loads every row from the store off the UI thread (documents are not read). */
    public void load(Runnable whenDone) {
        loaded.set(false);
        // First the first screenful under the current status filter, so a 100,000-draft workspace
        // shows its queue (and opens its first draft) at once; then every row.
        ReviewStatus first = status.get();
        services.tasks().submit(() -> {
            List<QueueRow> rows = new java.util.ArrayList<>(FIRST_PAGE);
            services.drafts().forEachRow(first == null ? io.countersign.core.review.DraftQuery.ALL
                    : io.countersign.core.review.DraftQuery.withStatus(first), r -> rows.add(r) && rows.size() < FIRST_PAGE);
            return new FirstPage(rows, services.drafts().countByStatus());
        }, page -> {
            if (!loaded.get()) {
                showFirstPage(page);
            }
            services.tasks().submit(this::readRows, list -> {
                apply(list);
                whenDone.run();
            }, e -> {
                loaded.set(true);
                services.dialogs().showError("Cannot load the queue", e.getMessage());
            });
        }, e -> {
            loaded.set(true);
            services.dialogs().showError("Cannot load the queue", e.getMessage());
        });
    }

    /** Rows shown while the rest of a large queue is still being read. */
    static final int FIRST_PAGE = 200;

    private record FirstPage(List<QueueRow> rows, java.util.Map<ReviewStatus, Long> counts) {
    }

    private void showFirstPage(FirstPage page) {
        all.setAll(page.rows());
        positions.clear();
        for (int i = 0; i < page.rows().size(); i++) {
            positions.put(page.rows().get(i).id(), i);
        }
        pending.set(page.counts().getOrDefault(ReviewStatus.PENDING, 0L));
        approved.set(page.counts().getOrDefault(ReviewStatus.APPROVED, 0L));
        rejected.set(page.counts().getOrDefault(ReviewStatus.REJECTED, 0L));
        reselect(null, 0);
    }

    /** False until the first load has come back: the empty list then means "loading", not "no drafts". */
    public javafx.beans.property.ReadOnlyBooleanProperty loaded() {
        return loaded;
    }

    /** Reloads once a burst of changes (an import storing batch after batch) has settled. */
    public void reloadSoon() {
        services.tasks().debounce("queue-reload", java.time.Duration.ofMillis(250), this::readRows,
                this::apply, e -> services.dialogs().showError("Cannot load the queue", e.getMessage()));
    }

    private List<QueueRow> readRows() {
        List<QueueRow> rows = new java.util.ArrayList<>();
        services.drafts().forEachRow(io.countersign.core.review.DraftQuery.ALL, rows::add);
        return rows;
    }

    /** Replaces the contents, keeping the selected draft selected if it is still visible. */
    public void apply(List<QueueRow> drafts) {
        String keep = selected.get() == null ? null : selected.get().id();
        int oldIndex = selectedIndex.get();
        haystacks.clear();
        all.setAll(drafts);
        foldInBackground(List.copyOf(drafts));
        loaded.set(true);
        positions.clear();
        for (int i = 0; i < drafts.size(); i++) {
            positions.put(drafts.get(i).id(), i);
        }
        identities.setAll(new TreeSet<>(drafts.stream().map(QueueRow::identityId).toList()));
        campaigns.setAll(new TreeSet<>(drafts.stream().map(QueueRow::campaign).filter(c -> !c.isEmpty()).toList()));
        recount();
        reselect(keep, oldIndex);
        pruneMarks();
    }

    /**
     * Puts a changed draft in place. If it no longer passes the filter (approved while viewing
     * pending drafts) it leaves the list and the next draft takes its place in the selection.
     */
    public void replace(QueuedDraft updated) {
        QueuedDraft shown = selected.get();
        if (shown != null && shown.id().equals(updated.id()) && updated.revision() >= shown.revision()) {
            selected.set(updated);
        }
        replaceRow(QueueRow.of(updated));
    }

    /** Puts a changed row in place (one row: the counts move by one, nothing is rescanned). */
    public void replaceRow(QueueRow updated) {
        QueueRow keepRow = selectedRow();
        String keep = keepRow == null ? null : keepRow.id();
        int oldIndex = selectedIndex.get();
        Integer i = positions.get(updated.id());
        if (i != null) {
            QueueRow before = all.get(i);
            haystacks.remove(before);
            count(before.status(), -1);
            count(updated.status(), +1);
            all.set(i, updated);
        }
        reselect(keep, oldIndex);
        if (!marked.isEmpty() && !passes(updated)) {
            marked.remove(updated.id());
        }
    }

    /** Picks or unpicks the current draft for a bulk action. */
    public void toggleMark() {
        QueueRow q = selectedRow();
        if (q != null && !marked.remove(q.id())) {
            marked.add(q.id());
        }
    }

    /** Picks the current draft and the next one down ({@code +1}) or up ({@code -1}), and moves there. */
    public void extendMark(int direction) {
        QueueRow q = selectedRow();
        if (q == null) {
            return;
        }
        marked.add(q.id());
        if (direction > 0) {
            next();
        } else {
            previous();
        }
        if (selectedRow() != null) {
            marked.add(selectedRow().id());
        }
    }

    public void clearMarks() {
        marked.clear();
    }

    public void unmark(String draftId) {
        marked.remove(draftId);
    }

    public boolean isMarked(QueueRow q) {
        return marked.contains(q.id());
    }

    /** The picked drafts' ids in queue order. */
    public List<String> markedIds() {
        return visible.stream().map(QueueRow::id).filter(marked::contains).toList();
    }

    /** The picked drafts in queue order, read whole from the store (call it off the UI thread). */
    public List<QueuedDraft> markedDrafts() {
        return readWhole(markedIds());
    }

    /** Drafts by id, whole, in the given order (a store read: off the UI thread). */
    public List<QueuedDraft> readWhole(List<String> ids) {
        java.util.Map<String, QueuedDraft> byId = new java.util.HashMap<>();
        services.drafts().findAll(ids).forEach(q -> byId.put(q.id(), q));
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    public javafx.collections.ObservableSet<String> marked() {
        return marked;
    }

    public IntegerProperty markedCount() {
        return markedCount;
    }

    // A pick only means something while the draft is in view: filters and decisions take it out.
    private void pruneMarks() {
        if (!marked.isEmpty()) {
            java.util.Set<String> shown = new java.util.HashSet<>();
            visible.forEach(q -> shown.add(q.id()));
            marked.retainAll(shown);
        }
    }

    public void next() {
        if (inRange(selectedIndex.get() + 1)) {
            selectedIndex.set(selectedIndex.get() + 1);
        }
    }

    public void previous() {
        if (selectedIndex.get() > 0) {
            selectedIndex.set(selectedIndex.get() - 1);
        }
    }

    /** PgDn / PgUp: moves {@code rows} drafts down (or up, when negative), stopping at either end. */
    public void moveBy(int rows) {
        if (visible.isEmpty()) {
            return;
        }
        int from = Math.max(0, selectedIndex.get());
        select(Math.max(0, Math.min(visible.size() - 1, from + rows)));
    }

    public void select(int index) {
        selectedIndex.set(inRange(index) ? index : -1);
    }

    /** A short age such as "5m", "3h" or "2d", measured from the draft's creation. */
    public String age(QueueRow q) {
        Duration d = Duration.between(q.createdAt(), services.clock().instant());
        if (d.isNegative() || d.toMinutes() < 1) {
            return "now";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + "m";
        }
        if (d.toDays() < 1) {
            return d.toHours() + "h";
        }
        return d.toDays() + "d";
    }

    public Instant now() {
        return services.clock().instant();
    }

    private void refilter() {
        QueueRow keepRow = selectedRow();
        String keep = keepRow == null ? null : keepRow.id();
        visible.setPredicate(filter());
        reselect(keep, selectedIndex.get());
        pruneMarks();
    }

    private boolean passes(QueueRow q) {
        Predicate<? super QueueRow> p = visible.getPredicate();
        return p == null || p.test(q);
    }

    private Predicate<QueueRow> filter() {
        ReviewStatus s = status.get();
        Decision d = decision.get();
        Channel c = channel.get();
        String id = identity.get() == null ? "" : identity.get();
        String camp = campaign.get() == null ? "" : campaign.get();
        List<String> terms = terms(search.get());
        return q -> (s == null || q.status() == s)
                && (d == null || q.decision() == d)
                && (c == null || q.channel() == c)
                && (id.isEmpty() || q.identityId().equals(id))
                && (camp.isEmpty() || q.campaign().equals(camp))
                && (terms.isEmpty() || matchesAll(q, terms));
    }

    private static List<String> terms(String query) {
        String folded = io.countersign.core.text.NormalizedText.of(query == null ? "" : query).text().strip();
        return folded.isEmpty() ? List.of() : List.of(folded.split("\\s+"));
    }

    /**
     * Folds every row's searchable text on the worker after a load, so the first search does not
     * fold 100,000 messages on the UI thread; a search before that folds what it needs itself.
     */
    private void foldInBackground(List<QueueRow> rows) {
        if (rows.size() < 2_000) {
            return; // folding on demand is instant for a small queue
        }
        services.tasks().submit(() -> {
            java.util.Map<QueueRow, String> folded = new java.util.IdentityHashMap<>(rows.size() * 2);
            for (QueueRow r : rows) {
                folded.put(r, fold(r));
            }
            return folded;
        }, folded -> folded.forEach(haystacks::putIfAbsent), e -> { });
    }

    private static String fold(QueueRow d) {
        return io.countersign.core.text.NormalizedText.of(String.join("\n",
                d.id(), d.leadName(), nullToEmpty(d.company()), d.identityId(),
                d.campaign(), nullToEmpty(d.subject()), d.body())).text();
    }

    private boolean matchesAll(QueueRow q, List<String> terms) {
        String hay = haystacks.computeIfAbsent(q, QueueViewModel::fold);
        for (String t : terms) {
            if (!hay.contains(t)) {
                return false;
            }
        }
        return true;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** g g: the first draft in view. */
    public void first() {
        select(0);
    }

    /** G: the last draft in view. */
    public void last() {
        select(visible.size() - 1);
    }

    private void reselect(String keepId, int oldIndex) {
        int index = -1;
        if (keepId != null && inRange(oldIndex) && visible.get(oldIndex).id().equals(keepId)) {
            index = oldIndex; // the common case (a row changed in place): no scan
        } else if (keepId != null) {
            for (int i = 0; i < visible.size(); i++) {
                if (visible.get(i).id().equals(keepId)) {
                    index = i;
                    break;
                }
            }
        }
        if (index < 0 && !visible.isEmpty()) {
            index = Math.max(0, Math.min(oldIndex, visible.size() - 1));
        }
        if (selectedIndex.get() == index) {
            openSelected(); // same index, maybe another draft (the one there left the view)
        } else {
            selectedIndex.set(index);
        }
    }

    private void count(ReviewStatus s, int delta) {
        LongProperty p = s == ReviewStatus.PENDING ? pending : s == ReviewStatus.APPROVED ? approved : rejected;
        p.set(p.get() + delta);
    }

    private void recount() {
        pending.set(all.stream().filter(q -> q.status() == ReviewStatus.PENDING).count());
        approved.set(all.stream().filter(q -> q.status() == ReviewStatus.APPROVED).count());
        rejected.set(all.stream().filter(q -> q.status() == ReviewStatus.REJECTED).count());
    }

    private boolean inRange(int index) {
        return index >= 0 && index < visible.size();
    }

    public ObservableList<QueueRow> visible() {
        return visible;
    }

    public ObjectProperty<ReviewStatus> statusFilter() {
        return status;
    }

    public ObjectProperty<Decision> decisionFilter() {
        return decision;
    }

    public ObjectProperty<Channel> channelFilter() {
        return channel;
    }

    public StringProperty identityFilter() {
        return identity;
    }

    public StringProperty campaignFilter() {
        return campaign;
    }

    /** Words that must all appear in the lead, company, id, identity, campaign, subject or text. */
    public StringProperty search() {
        return search;
    }

    public ObservableList<String> identities() {
        return identities;
    }

    public ObservableList<String> campaigns() {
        return campaigns;
    }

    public IntegerProperty selectedIndex() {
        return selectedIndex;
    }

    public ObjectProperty<QueuedDraft> selected() {
        return selected;
    }

    public LongProperty pendingCount() {
        return pending;
    }

    public LongProperty approvedCount() {
        return approved;
    }

    public LongProperty rejectedCount() {
        return rejected;
    }
}
