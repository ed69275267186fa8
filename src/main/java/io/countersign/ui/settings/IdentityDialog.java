package io.countersign.ui.settings;

import io.countersign.core.draft.Channel;
import io.countersign.core.identity.IdentityService;
import io.countersign.ui.common.CustomDialog;
import java.util.Optional;
import java.util.function.Function;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/**
 * Adds a sending identity: every setting the CLI takes, checked as the person types by the same
 * service that stores it ({@code validate} returns the first problem, naming the field, or empty),
 * so the Add button is enabled only for an identity that will be accepted. The secret goes
 * straight to the encrypted store and is never shown again.
 */
public record IdentityDialog(String timezone, IdentityService.Spec initial, Function<IdentityRequest, Optional<String>> validate)
        implements CustomDialog<IdentityRequest> {

    /** Editing an identity: the form starts from its settings; its id and channel cannot change. */
    public boolean editing() {
        return initial != null;
    }

    @Override
    public Optional<IdentityRequest> showAndWait(Window owner) {
        Dialog<IdentityRequest> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(editing() ? "Edit sending identity" : "Add sending identity");
        dialog.setHeaderText("A mailbox or LinkedIn account drafts can be sent from.\n"
                + "Defaults are a careful sender's: business hours Mon–Fri, 50 a day, 90 s apart.");
        ButtonType add = new ButtonType(editing() ? "Save changes" : "Add identity", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(add, ButtonType.CANCEL);
        TextField id = field("identityId", "e.g. maria.email (the id drafts name)");
        ComboBox<Channel> channel = new ComboBox<>();
        channel.getItems().addAll(Channel.EMAIL, Channel.LINKEDIN);
        channel.setValue(Channel.EMAIL);
        channel.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Channel c) {
                return c == null ? "" : c == Channel.EMAIL ? "Email" : "LinkedIn";
            }

            @Override
            public Channel fromString(String s) {
                return "LinkedIn".equals(s) ? Channel.LINKEDIN : Channel.EMAIL;
            }
        });
        channel.setId("identityChannel");
        TextField from = field("identityFrom", "maria@acme.example, or https://www.linkedin.com/in/maria");
        TextField transport = field("identityTransport", "sandbox, smtp://smtp.gmail.com:587, sendgrid, postmark, linkedin-assisted, webhook:https://…");
        transport.setText("sandbox");
        TextField user = field("identityUser", "SMTP login (default: the from address)");
        ComboBox<String> auth = new ComboBox<>();
        auth.getItems().addAll("password", "xoauth2");
        auth.setValue("password");
        PasswordField secret = new PasswordField();
        secret.setId("identitySecret");
        secret.setPromptText("password, app password, OAuth token or API key (stored encrypted)");
        TextField name = field("identityName", "shown as the sender, e.g. Maria López");
        TextField ownerField = field("identityOwner", "the rep who owns it");
        TextField zone = field("identityTimezone", "e.g. Europe/Berlin");
        zone.setText(timezone);
        TextField window = field("identityWindow", "08:00-18:00");
        TextField days = field("identityDays", "mon-fri");
        TextField limit = field("identityLimit", "50");
        TextField gap = field("identityGap", "90s");
        TextField warmup = field("identityWarmup", "e.g. 10:5 (optional)");
        TextField unsubscribe = field("identityUnsubscribe", "https://… one-click unsubscribe (optional)");
        TextField imap = field("identityImap", "imaps://USER@HOST/INBOX for bounces and replies (optional)");
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        grid.setPadding(new Insets(8, 4, 0, 4));
        Object[][] rows = {{"Id", id}, {"Channel", channel}, {"From", from}, {"Transport", transport}, {"Login user", user},
                {"Login", auth}, {"Secret", secret}, {"Display name", name}, {"Owner", ownerField}, {"Timezone", zone},
                {"Window", window}, {"Days", days}, {"Per day", limit}, {"Gap", gap}, {"Warm-up", warmup},
                {"Unsubscribe URL", unsubscribe}, {"Mailbox (IMAP)", imap}};
        for (int r = 0; r < rows.length; r++) {
            grid.add(new Label((String) rows[r][0]), 0, r);
            Node n = (Node) rows[r][1];
            GridPane.setHgrow(n, javafx.scene.layout.Priority.ALWAYS);
            grid.add(n, 1, r);
        }
        Label problem = new Label();
        problem.setId("identityProblem");
        problem.getStyleClass().add("danger");
        problem.setWrapText(true);
        problem.setMaxWidth(560);
        grid.add(problem, 0, rows.length, 2, 1);
        grid.setPrefWidth(620);
        dialog.getDialogPane().setContent(grid);
        java.util.function.Supplier<IdentityRequest> request = () -> new IdentityRequest(new IdentityService.Spec(
                id.getText(), channel.getValue(), from.getText(), blank(transport.getText()), optional(name.getText()),
                optional(ownerField.getText()), number(limit.getText()), blank(zone.getText()), blank(window.getText()),
                blank(days.getText()), blank(gap.getText()), optional(warmup.getText()), optional(user.getText()),
                editing() ? auth.getValue() : "password".equals(auth.getValue()) ? null : auth.getValue(),
                optional(unsubscribe.getText()), null, null, optional(imap.getText()), null), secret.getText().isEmpty() ? null : secret.getText().toCharArray());
        Runnable check = () -> {
            Optional<String> why = number(limit.getText()) == null && !limit.getText().isBlank()
                    ? Optional.of("Per day: '" + limit.getText() + "' is not a whole number") : validate.apply(request.get());
            problem.setText(why.orElse(""));
            dialog.getDialogPane().lookupButton(add).setDisable(why.isPresent());
        };
        for (Object[] row : rows) {
            if (row[1] instanceof TextField t) {
                t.textProperty().addListener((o, a, b) -> check.run());
            } else if (row[1] instanceof ComboBox<?> c) {
                c.valueProperty().addListener((o, a, b) -> check.run());
            }
        }
        if (editing()) {
            IdentityService.Spec i = initial;
            id.setText(i.id());
            id.setDisable(true);
            channel.setValue(i.channel());
            channel.setDisable(true);
            from.setText(i.address());
            transport.setText(i.transport());
            user.setText(nonNull(i.user()));
            auth.setValue(i.auth() == null ? "password" : i.auth());
            secret.setPromptText("leave empty to keep the stored secret");
            name.setText(nonNull(i.displayName()));
            ownerField.setText(nonNull(i.owner()));
            zone.setText(i.timezone());
            window.setText(i.window());
            days.setText(i.days());
            limit.setText(String.valueOf(i.dailyLimit()));
            gap.setText(i.minGap());
            warmup.setText(nonNull(i.warmup()));
            unsubscribe.setText(nonNull(i.unsubscribeUrl()));
            imap.setText(nonNull(i.imapUrl()));
        }
        check.run();
        dialog.setResultConverter(b -> b == add ? request.get() : null);
        javafx.application.Platform.runLater(id::requestFocus);
        return dialog.showAndWait();
    }

    private static TextField field(String fxId, String prompt) {
        TextField t = new TextField();
        t.setId(fxId);
        t.setPromptText(prompt);
        return t;
    }

    /** An optional setting: when editing, emptying the field clears it (rather than keeping the old value). */
    private String optional(String s) {
        return editing() ? (s == null ? "" : s.strip()) : blank(s);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Integer number(String s) {
        try {
            return s == null || s.isBlank() ? null : Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
