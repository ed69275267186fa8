package io.countersign.ui.common;

import io.countersign.core.policy.Decision;
import io.countersign.core.policy.Severity;
import javafx.scene.control.Label;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** Decision and severity badges: an icon, a word and a colour, never colour alone. */
public final class Badges {

    private Badges() {
    }

    public static void decorate(Label label, Decision decision) {
        label.getStyleClass().removeAll("badge-block", "badge-review", "badge-allow");
        if (decision == null) {
            label.setText("");
            label.setGraphic(null);
            return;
        }
        switch (decision) {
            case BLOCK -> set(label, "BLOCK", Feather.ALERT_OCTAGON, "badge-block");
            case REQUIRE_APPROVAL -> set(label, "REVIEW", Feather.ALERT_TRIANGLE, "badge-review");
            case ALLOW -> set(label, "ALLOW", Feather.CHECK_CIRCLE, "badge-allow");
        }
    }

    private static void set(Label label, String text, Feather icon, String styleClass) {
        label.setText(text);
        FontIcon fi = new FontIcon(icon);
        fi.getStyleClass().add("badge-icon");
        label.setGraphic(fi);
        if (!label.getStyleClass().contains("badge")) {
            label.getStyleClass().add("badge");
        }
        label.getStyleClass().add(styleClass);
    }

    public static FontIcon severityIcon(Severity severity) {
        FontIcon fi = new FontIcon(switch (severity) {
            case BLOCK -> Feather.ALERT_OCTAGON;
            case REQUIRE_APPROVAL -> Feather.ALERT_TRIANGLE;
            case WARN -> Feather.INFO;
        });
        fi.getStyleClass().add("severity-" + styleSuffix(severity));
        return fi;
    }

    public static String severityWord(Severity severity) {
        return switch (severity) {
            case BLOCK -> "block";
            case REQUIRE_APPROVAL -> "review";
            case WARN -> "warn";
        };
    }

    /** CSS suffix shared by highlights, icons and badges: block, review or warn. */
    public static String styleSuffix(Severity severity) {
        return severityWord(severity);
    }
}
