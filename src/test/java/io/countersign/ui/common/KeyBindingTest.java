package io.countersign.ui.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import org.junit.jupiter.api.Test;

/** The cheat sheet and tooltips are built from the same bindings the key handler uses. */
class KeyBindingTest {

    @Test
    void everyLabelNamesEveryKeyThatTriggersIt() {
        for (KeyBinding b : KeyBinding.values()) {
            for (KeyBinding.Trigger t : b.triggers()) {
                String shown = t.display();
                boolean inRange = shown.length() == 1 && Character.isDigit(shown.charAt(0)) && b.keys().matches(".*\\d–\\d.*")
                        && shown.charAt(0) >= b.keys().charAt(b.keys().indexOf('–') - 1)
                        && shown.charAt(0) <= b.keys().charAt(b.keys().indexOf('–') + 1);
                assertTrue(b.keys().contains(shown) || inRange, b + " label '" + b.keys() + "' does not name " + shown);
            }
        }
    }

    @Test
    void noKeyTriggersTwoBindings() {
        Map<String, KeyBinding> seen = new HashMap<>();
        for (KeyBinding b : KeyBinding.values()) {
            for (KeyBinding.Trigger t : b.triggers()) {
                KeyBinding other = seen.put(t.toString(), b);
                assertTrue(other == null, t + " triggers both " + other + " and " + b);
            }
        }
    }

    private static KeyEvent typed(String c) {
        return new KeyEvent(KeyEvent.KEY_TYPED, c, "", KeyCode.UNDEFINED, c.equals(c.toUpperCase()) && Character.isLetter(c.charAt(0)),
                false, false, false);
    }

    private static KeyEvent pressed(KeyCode code, boolean shift, boolean ctrl) {
        return new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, shift, ctrl, false, false);
    }

    @Test
    void eventsMapToTheirBinding() {
        assertEquals(Optional.of(KeyBinding.NEXT), KeyBinding.of(typed("j")));
        assertEquals(Optional.of(KeyBinding.NEXT), KeyBinding.of(pressed(KeyCode.DOWN, false, false)));
        assertEquals(Optional.of(KeyBinding.EXTEND_SELECTION), KeyBinding.of(typed("J")));
        assertEquals(Optional.of(KeyBinding.APPLY_FIX), KeyBinding.of(typed("7")));
        assertEquals(Optional.of(KeyBinding.PAGE), KeyBinding.of(pressed(KeyCode.PAGE_UP, false, false)));
        assertEquals(Optional.of(KeyBinding.APPROVE_SELECTION), KeyBinding.of(pressed(KeyCode.A, true, true)));
        assertEquals(Optional.empty(), KeyBinding.of(pressed(KeyCode.A, false, true)), "Ctrl+A alone is not bound");
        assertEquals(Optional.of(KeyBinding.FOCUS_AUDIT), KeyBinding.of(pressed(KeyCode.DIGIT2, false, true)));
        assertEquals(Optional.empty(), KeyBinding.of(new KeyEvent(KeyEvent.KEY_TYPED, "a", "", KeyCode.UNDEFINED,
                false, true, false, false)), "a letter typed with Ctrl is not the single-letter shortcut");
    }
}
