package io.countersign.ui.common;

/**
 * Every keyboard shortcut of the console, in one place: the cheat sheet, the button tooltips and
 * the key handler all read this enum, so they cannot drift apart.
 */
public enum KeyBinding {
    NEXT("j / ↓", "Next draft"),
    PREVIOUS("k / ↑", "Previous draft"),
    APPROVE("a", "Approve and go to next"),
    EDIT("e", "Edit the message in place"),
    LEAVE_EDIT("Esc", "Leave edit (keeps and records your changes) / clear the selection / cancel a dialog"),
    REJECT("r", "Reject with a reason (every selected draft, when some are selected)"),
    TOGGLE_SELECTION("x", "Select or unselect this draft for a bulk action"),
    EXTEND_SELECTION("Shift+J / Shift+K", "Extend the selection down / up"),
    APPROVE_SELECTION("Ctrl+Shift+A", "Approve the selected drafts (confirms the count; blocked ones are skipped)"),
    SKIP("Space", "Skip to the next draft without deciding"),
    NEXT_FINDING("]", "Next finding"),
    PREVIOUS_FINDING("[", "Previous finding"),
    APPLY_FIX("1–9", "Apply the numbered suggested fix"),
    TRAIL("t", "Show or hide this draft's audit trail"),
    SEARCH("/", "Search the queue: every word must appear in the lead, company, id or text (Esc clears)"),
    TOP_BOTTOM("g g / G", "First / last draft in the list"),
    PAGE("PgDn / PgUp", "A page down / up the queue"),
    RECENT_REASON("Alt+1…9", "In the reject dialog: reuse one of the last nine reasons"),
    FOCUS_QUEUE("Ctrl+1", "Queue tab"),
    FOCUS_AUDIT("Ctrl+2", "Audit log tab"),
    FOCUS_SETTINGS("Ctrl+3", "Settings tab: policy in force, Try policy, do-not-contact list"),
    IMPORT("Ctrl+I", "Import a drafts file (JSONL or CSV) into the queue"),
    TOGGLE_THEME("Ctrl+Shift+L", "Switch light / dark theme"),
    TRY_POLICY("Ctrl+Shift+T", "Try a policy file: see which decisions would change, then activate it"),
    SHORTCUTS("?", "Show all shortcuts");

    private final String keys;
    private final String description;

    KeyBinding(String keys, String description) {
        this.keys = keys;
        this.description = description;
    }

    public String keys() {
        return keys;
    }

    public String description() {
        return description;
    }

    /** Tooltip text for a button: what it does and its key. */
    public String tooltip() {
        return description + "  (" + keys + ")";
    }
}
