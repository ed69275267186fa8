package io.countersign.app;

import io.countersign.adapters.persistence.WorkspaceException;
import io.countersign.ui.common.ConsoleServices;
import io.countersign.ui.common.FxDialogService;
import io.countersign.ui.common.FxTaskExecutor;
import io.countersign.ui.main.MainWindow;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.TextInputDialog;
import javafx.stage.Stage;

/** The JavaFX application: opens the workspace off the FX thread, asks for the reviewer's name once, shows the console. */
public final class ConsoleApp extends Application {

    private static volatile Path requestedHome;

    private Countersign app;
    private String openError;
    private FxTaskExecutor tasks;
    private PolicyFileWatcher watcher;

    /** Starts the console on a workspace (null: the default one) and blocks until the window closes. */
    public static void launch(Path home) {
        requestedHome = home;
        Application.launch(ConsoleApp.class);
    }

    @Override
    public void init() {
        try {
            app = Countersign.open(Countersign.resolveHome(requestedHome), true, Clock.systemUTC());
        } catch (WorkspaceException e) {
            openError = e.getMessage();
        }
    }

    @Override
    public void start(Stage stage) {
        if (openError != null) {
            MainWindow.applyTheme(false);
            Alert alert = new Alert(Alert.AlertType.ERROR, openError);
            alert.setTitle("Countersign cannot open the workspace");
            alert.setHeaderText("Countersign cannot open the workspace");
            alert.getDialogPane().setPrefWidth(560);
            alert.showAndWait();
            Platform.exit();
            return;
        }
        boolean dark = app.profile().darkTheme();
        MainWindow.applyTheme(dark);
        Optional<String> reviewer = app.profile().reviewer().or(this::askReviewerName);
        if (reviewer.isEmpty()) {
            Platform.exit();
            return;
        }
        tasks = new FxTaskExecutor();
        FxDialogService dialogs = new FxDialogService();
        ConsoleServices services = services(app, reviewer.get(), tasks, dialogs);
        MainWindow window = MainWindow.load(services, dark, app.profile()::setDarkTheme);
        stage.setTitle("Countersign — " + app.workspace().home());
        stage.setScene(window.scene());
        stage.setMinWidth(960);
        stage.setMinHeight(600);
        var screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        stage.setWidth(Math.min(1440, screen.getWidth()));
        stage.setHeight(Math.min(900, screen.getHeight()));
        dialogs.setOwner(stage);
        stage.show();
        window.viewModel().start(() -> { });
        try {
            watcher = new PolicyFileWatcher(app,
                    a -> Platform.runLater(() -> window.viewModel().policyActivated(a.summary())),
                    error -> Platform.runLater(() -> window.viewModel().policyRejected(error)));
        } catch (java.io.IOException e) {
            dialogs.showError("Policy file changes will not be picked up",
                    "Cannot watch " + app.workspace().home() + ": " + e.getMessage() + "\nRestart Countersign after editing policy.yaml.");
        }
    }

    /** The services a console window needs, wired from an open workspace. */
    public static ConsoleServices services(Countersign app, String reviewer, io.countersign.ui.common.TaskExecutor tasks,
                                           io.countersign.ui.common.DialogService dialogs) {
        Path home = app.workspace().home();
        return new ConsoleServices(app.drafts(), app.review(), app.audit(), app::policy, reviewer,
                home.getFileName() == null ? home.toString() : home.getFileName().toString(),
                app.clock(), tasks, dialogs, app.policies(), app::replay, app.doNotContact(), app.importer(), app.changes());
    }

    private Optional<String> askReviewerName() {
        TextInputDialog dialog = new TextInputDialog(System.getProperty("user.name", ""));
        dialog.setTitle("Welcome to Countersign");
        dialog.setHeaderText("Who is reviewing on this computer?\n"
                + "Your name is recorded with every approval and rejection in the audit log.");
        dialog.setContentText("Reviewer name:");
        dialog.getEditor().textProperty().addListener((o, a, b) ->
                dialog.getDialogPane().lookupButton(javafx.scene.control.ButtonType.OK).setDisable(b.isBlank()));
        Optional<String> name = dialog.showAndWait().map(String::strip).filter(s -> !s.isEmpty());
        name.ifPresent(app.profile()::setReviewer);
        return name;
    }

    @Override
    public void stop() {
        if (watcher != null) {
            watcher.close();
        }
        if (tasks != null) {
            tasks.close();
        }
        if (app != null) {
            app.close();
        }
    }
}
