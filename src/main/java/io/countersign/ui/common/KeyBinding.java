package io.countersign.ui.common;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/**
 * Every keyboard shortcut of the console, in one place: each carries the keys that trigger it, the
 * label the cheat sheet and tooltips show, and what it does. The controllers map key events through
 * {@link #of(KeyEvent)}, so what the sheet says and what the keys do cannot drift apart
 * ({@code KeyBindingTest} checks that every label names every trigger).
 */
public enum KeyBinding {
    NEXT("j / ↓", "Next draft", typed("j"), pressed(KeyCode.DOWN)),
    PREVIOUS("k / ↑", "Previous draft", typed("k"), pressed(KeyCode.UP)),
    APPROVE("a", "Approve and go to next", typed("a")),
    EDIT("e", "Edit the message in place", typed("e")),
    LEAVE_EDIT("Esc", "Leave edit (keeps and records your changes) / clear the selection / cancel a dialog",
            pressed(KeyCode.ESCAPE)),
    REJECT("r", "Reject with a reason (every selected draft, when some are selected)", typed("r")),
    TOGGLE_SELECTION("x", "Select or unselect this draft for a bulk action", typed("x")),
    EXTEND_SELECTION("Shift+J / Shift+K", "Extend the selection down / up", typed("J"), typed("K")),
    APPROVE_SELECTION("Ctrl+Shift+A", "Approve the selected drafts (confirms the count; blocked ones are skipped)",
            pressed(KeyCode.A, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN)),
    SKIP("Space", "Skip to the next draft without deciding", pressed(KeyCode.SPACE)),
    NEXT_FINDING("]", "Next finding", typed("]")),
    PREVIOUS_FINDING("[", "Previous finding", typed("[")),
    APPLY_FIX("1–9", "Apply the numbered suggested fix", typed("1"), typed("2"), typed("3"), typed("4"), typed("5"),
            typed("6"), typed("7"), typed("8"), typed("9")),
    TRAIL("t", "Show or hide this draft's audit trail", typed("t")),
    SEARCH("/", "Search the queue: every word must appear in the lead, company, id or text (Esc clears)", typed("/")),
    TOP_BOTTOM("g g / G", "First / last draft in the list", typed("g"), typed("G")),
    PAGE("PgDn / PgUp", "A page down / up the queue", pressed(KeyCode.PAGE_DOWN), pressed(KeyCode.PAGE_UP)),
    RECENT_REASON("Alt+1…9", "In the reject dialog: reuse one of the last nine reasons"),
    FOCUS_QUEUE("Ctrl+1", "Queue tab", pressed(KeyCode.DIGIT1, KeyCombination.SHORTCUT_DOWN)),
    FOCUS_AUDIT("Ctrl+2", "Audit log tab", pressed(KeyCode.DIGIT2, KeyCombination.SHORTCUT_DOWN)),
    FOCUS_SETTINGS("Ctrl+3", "Settings tab: policy in force, Try policy, do-not-contact list, identities",
            pressed(KeyCode.DIGIT3, KeyCombination.SHORTCUT_DOWN)),
    FOCUS_OUTBOX("Ctrl+4", "Outbox tab: scheduled, sending, sent, failed and unknown messages",
            pressed(KeyCode.DIGIT4, KeyCombination.SHORTCUT_DOWN)),
    UNDO("u / Ctrl+Z", "Undo the last approval while its message has not left (the draft comes back)",
            typed("u"), pressed(KeyCode.Z, KeyCombination.SHORTCUT_DOWN)),
    PAUSE_ALL("Ctrl+Shift+P", "Pause all sending (asks why) / resume it",
            pressed(KeyCode.P, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN)),
    IMPORT("Ctrl+I", "Import a drafts file (JSONL or CSV) into the queue",
            pressed(KeyCode.I, KeyCombination.SHORTCUT_DOWN)),
    TOGGLE_THEME("Ctrl+Shift+L", "Switch light / dark theme",
            pressed(KeyCode.L, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN)),
    TRY_POLICY("Ctrl+Shift+T", "Try a policy file: see which decisions would change, then activate it",
            pressed(KeyCode.T, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN)),
    SHORTCUTS("?", "Show all shortcuts", typed("?"));

    /** What sets a binding off: a typed character (letters, digits, punctuation) or a pressed key combination. */
    public sealed interface Trigger {
        boolean matches(KeyEvent e);

        /** The trigger as a person reads it: "j", "↓", "Ctrl+Shift+A". */
        String display();
    }

    /** A character typed without Ctrl/Cmd or Alt (Shift is part of the character: "J", "?"). */
    public record Typed(String character) implements Trigger {
        @Override
        public boolean matches(KeyEvent e) {
            return e.getEventType() == KeyEvent.KEY_TYPED && !e.isShortcutDown() && !e.isAltDown()
                    && character.equals(e.getCharacter());
        }

        @Override
        public String display() {
            return character;
        }
    }

    /** A key pressed with exactly these modifiers. */
    public record Pressed(KeyCombination combination) implements Trigger {
        @Override
        public boolean matches(KeyEvent e) {
            return e.getEventType() == KeyEvent.KEY_PRESSED && combination.match(e);
        }

        @Override
        public String display() {
            if (combination instanceof KeyCodeCombination k && k.getShortcut() == KeyCombination.ModifierValue.UP
                    && k.getShift() == KeyCombination.ModifierValue.UP) {
                return switch (k.getCode()) {
                    case DOWN -> "↓";
                    case UP -> "↑";
                    case ESCAPE -> "Esc";
                    case SPACE -> "Space";
                    case PAGE_DOWN -> "PgDn";
                    case PAGE_UP -> "PgUp";
                    default -> k.getCode().getName();
                };
            }
            KeyCodeCombination k = (KeyCodeCombination) combination;
            return "Ctrl+" + (k.getShift() == KeyCombination.ModifierValue.DOWN ? "Shift+" : "")
                    + k.getCode().getName().replace("Digit ", "").replace(" ", "");
        }
    }

    private static Trigger typed(String character) {
        return new Typed(character);
    }

    private static Trigger pressed(KeyCode code, KeyCombination.Modifier... modifiers) {
        return new Pressed(new KeyCodeCombination(code, modifiers));
    }

    private final String keys;
    private final String description;
    private final List<Trigger> triggers;

    KeyBinding(String keys, String description, Trigger... triggers) {
        this.keys = keys;
        this.description = description;
        this.triggers = List.of(triggers);
    }

    public String keys() {
        return keys;
    }

    public String description() {
        return description;
    }

    public List<Trigger> triggers() {
        return triggers;
    }

    public boolean matches(KeyEvent e) {
        for (Trigger t : triggers) {
            if (t.matches(e)) {
                return true;
            }
        }
        return false;
    }

    /** The binding a key event sets off, if any (the first that matches, in declaration order). */
    public static Optional<KeyBinding> of(KeyEvent e) {
        return Arrays.stream(values()).filter(b -> b.matches(e)).findFirst();
    }

    /** Tooltip text for a button: what it does and its key. */
    public String tooltip() {
        return description + "  (" + keys + ")";
    }
}
