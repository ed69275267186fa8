package io.countersign.ui.settings;

import io.countersign.core.identity.SignInFlow;
import io.countersign.ui.common.CustomDialog;
import java.time.Duration;
import java.util.Optional;
import javafx.geometry.Insets;
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
 * Sign in with OAuth…: which provider and which OAuth client (the app registration the
 * organisation made for Countersign). Google and Microsoft need only the client id (and Google's
 * client secret); another provider needs its two addresses. The browser then does the rest.
 */
public record SignInDialog(String identityId, String mailbox) implements CustomDialog<SignInFlow.Request> {

    static final String GOOGLE = "Google Workspace / Gmail";
    static final String MICROSOFT = "Microsoft 365";
    static final String OTHER = "Another OAuth 2.0 provider";
    static final Duration WAIT = Duration.ofMinutes(5);

    @Override
    public Optional<SignInFlow.Request> showAndWait(Window owner) {
        Dialog<SignInFlow.Request> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Sign in with OAuth");
        dialog.setHeaderText("Sign " + identityId + " in with its provider: it then logs in with XOAUTH2 and renews its "
                + "own access (no password stored). Your browser opens; sign in there as " + mailbox + ".");
        ButtonType go = new ButtonType("Open browser and sign in", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(go, ButtonType.CANCEL);
        ComboBox<String> provider = new ComboBox<>();
        provider.getItems().addAll(GOOGLE, MICROSOFT, OTHER);
        provider.setValue(mailbox.toLowerCase(java.util.Locale.ROOT).endsWith("@gmail.com") ? GOOGLE : MICROSOFT);
        provider.setId("signInProvider");
        TextField tenant = field("signInTenant", "organizations, or your domain (contoso.com) or directory id");
        TextField clientId = field("signInClientId", "the app registration's client (application) id");
        PasswordField clientSecret = new PasswordField();
        clientSecret.setId("signInClientSecret");
        clientSecret.setPromptText("only if the client has one (Google desktop clients do)");
        TextField authorize = field("signInAuthorizeUrl", "https://…/authorize");
        TextField token = field("signInTokenUrl", "https://…/token");
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        grid.setPadding(new Insets(8, 4, 0, 4));
        Label tenantLabel = new Label("Tenant");
        Label authorizeLabel = new Label("Authorization URL");
        Label tokenLabel = new Label("Token URL");
        grid.addRow(0, new Label("Provider"), provider);
        grid.addRow(1, tenantLabel, tenant);
        grid.addRow(2, new Label("Client id"), clientId);
        grid.addRow(3, new Label("Client secret"), clientSecret);
        grid.addRow(4, authorizeLabel, authorize);
        grid.addRow(5, tokenLabel, token);
        Label problem = new Label();
        problem.setId("signInProblem");
        problem.getStyleClass().add("danger");
        problem.setWrapText(true);
        problem.setMaxWidth(520);
        grid.add(problem, 0, 6, 2, 1);
        grid.setPrefWidth(600);
        for (javafx.scene.Node n : new javafx.scene.Node[]{tenant, clientId, clientSecret, authorize, token, provider}) {
            GridPane.setHgrow(n, javafx.scene.layout.Priority.ALWAYS);
        }
        dialog.getDialogPane().setContent(grid);
        Runnable check = () -> {
            boolean other = OTHER.equals(provider.getValue());
            boolean microsoft = MICROSOFT.equals(provider.getValue());
            for (javafx.scene.Node n : new javafx.scene.Node[]{authorize, token, authorizeLabel, tokenLabel}) {
                n.setVisible(other);
                n.setManaged(other);
            }
            tenant.setVisible(microsoft);
            tenant.setManaged(microsoft);
            tenantLabel.setVisible(microsoft);
            tenantLabel.setManaged(microsoft);
            String why = clientId.getText().isBlank() ? "Client id: the OAuth client your organisation registered for Countersign"
                    : other && (!https(authorize.getText()) || !https(token.getText())) ? "Both addresses must start with https://"
                    : "";
            problem.setText(why);
            dialog.getDialogPane().lookupButton(go).setDisable(!why.isEmpty());
        };
        for (TextField t : new TextField[]{tenant, clientId, authorize, token}) {
            t.textProperty().addListener((o, a, b) -> check.run());
        }
        provider.valueProperty().addListener((o, a, b) -> check.run());
        check.run();
        dialog.setResultConverter(b -> {
            if (b != go) {
                return null;
            }
            String p = GOOGLE.equals(provider.getValue()) ? "google" : OTHER.equals(provider.getValue()) ? "custom"
                    : tenant.getText().isBlank() ? "microsoft" : "microsoft:" + tenant.getText().strip();
            return new SignInFlow.Request(p, clientId.getText().strip(),
                    clientSecret.getText().isEmpty() ? null : clientSecret.getText().toCharArray(),
                    OTHER.equals(provider.getValue()) ? authorize.getText().strip() : null,
                    OTHER.equals(provider.getValue()) ? token.getText().strip() : null, null, null, WAIT);
        });
        javafx.application.Platform.runLater(clientId::requestFocus);
        return dialog.showAndWait();
    }

    private static boolean https(String s) {
        return s != null && s.strip().toLowerCase(java.util.Locale.ROOT).startsWith("https://");
    }

    private static TextField field(String fxId, String prompt) {
        TextField t = new TextField();
        t.setId(fxId);
        t.setPromptText(prompt);
        return t;
    }
}
