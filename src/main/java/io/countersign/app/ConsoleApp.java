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
    private io.countersign.core.outbox.SendingLoop sending;
    private io.countersign.core.sync.SyncLoop syncing;

    /** The workspace being opened while JavaFX starts (null until {@link #launch}). */
    private static volatile java.util.concurrent.CompletableFuture<Countersign> openingEarly;

    /**
     * Starts the console on a workspace (null: the default one) and blocks until the window closes.
     * The workspace starts opening at once, beside the JavaFX toolkit's start-up, not after it.
     */
    public static void launch(Path home) {
        requestedHome = home;
        openingEarly = open(Countersign.resolveHome(home).toAbsolutePath().normalize());
        Application.launch(ConsoleApp.class);
    }

    private static java.util.concurrent.CompletableFuture<Countersign> open(Path home) {
        java.util.concurrent.CompletableFuture<Countersign> f = new java.util.concurrent.CompletableFuture<>();
        Thread opener = new Thread(() -> {
            try {
                f.complete(Countersign.open(home, true, Clock.systemUTC()));
            } catch (RuntimeException | Error e) {
                f.completeExceptionally(e);
            }
        }, "countersign-open");
        // Not a daemon: closing the window while a migration runs must not end the JVM in the middle
        // of it; the JVM waits for the open to finish, and the workspace's shutdown hook closes it.
        opener.setDaemon(false);
        opener.start();
        return f;
    }

    /**
     * Shows the window at once, with "Opening …", while the workspace (migrations, policy, first-run
     * demo data) opens on a background thread: nothing heavy runs before the first frame.
     */
    @Override
    public void start(Stage stage) {
        java.nio.file.Path home = Countersign.resolveHome(requestedHome).toAbsolutePath().normalize();
        boolean dark = new io.countersign.adapters.persistence.ProfileStore(home).darkTheme();
        MainWindow.applyTheme(dark);
        javafx.scene.control.Label opening = new javafx.scene.control.Label("Opening the workspace " + home + "\u2026");
        opening.getStyleClass().add("empty-state");
        javafx.scene.layout.VBox splash = new javafx.scene.layout.VBox(16, new javafx.scene.control.ProgressIndicator(), opening);
        splash.setAlignment(javafx.geometry.Pos.CENTER);
        stage.setTitle("Countersign — " + home);
        stage.setScene(new javafx.scene.Scene(splash));
        stage.setMinWidth(960);
        stage.setMinHeight(600);
        var screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        stage.setWidth(Math.min(1440, screen.getWidth()));
        stage.setHeight(Math.min(900, screen.getHeight()));
        stage.show();
        java.util.concurrent.CompletableFuture<Countersign> started = openingEarly != null ? openingEarly : open(home);
        openingEarly = null;
        started.whenComplete((opened, failure) -> Platform.runLater(() -> {
            if (failure == null) {
                opened(stage, opened);
                return;
            }
            if (failure instanceof WorkspaceException) {
                openError = failure.getMessage();
            } else {
                org.slf4j.LoggerFactory.getLogger(ConsoleApp.class).error("cannot open the workspace", failure);
                openError = "Unexpected error while opening " + home + ": " + failure;
            }
            opened(stage, null);
        }));
    }

    private void opened(Stage stage, Countersign opened) {
        app = opened;
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
        FxDialogService dialogs = new FxDialogService(url -> getHostServices().showDocument(url));
        ConsoleServices services = services(app, reviewer.get(), tasks, dialogs);
        MainWindow window = MainWindow.load(services, dark, app.profile()::setDarkTheme);
        stage.setScene(window.scene());
        dialogs.setOwner(stage);
        window.viewModel().start(() -> { });
        // The background sender: its own thread; what it does shows in the Outbox tab and the status bar.
        sending = new io.countersign.core.outbox.SendingLoop(app.sender(), app.outbox(), app.changes(), app.clock(),
                run -> Platform.runLater(() -> window.viewModel().outbox().runFinished(run)),
                e -> {
                    org.slf4j.LoggerFactory.getLogger(ConsoleApp.class).error("the sender stopped on an error", e);
                    Platform.runLater(() -> window.viewModel().outbox().senderFailed(e));
                },
                // Bounces and replies from the identities' mailboxes, the last 7 days each time (seen ones are skipped).
                () -> {
                    var poll = app.results().poll(app.identities().all(), app.mailboxes(),
                            app.clock().instant().minus(java.time.Duration.ofDays(7)), io.countersign.core.audit.Actor.SYSTEM);
                    Platform.runLater(() -> window.viewModel().outbox().resultsRead(poll));
                });
        // The witness: pushes the audit log to the collector in the background; the status bar shows where it stands.
        syncing = new io.countersign.core.sync.SyncLoop(app.sync(), app.changes(), st -> {
            String line = st.line(java.time.ZoneId.systemDefault());
            Platform.runLater(() -> window.viewModel().status().witnessChanged(line, st.conflict()));
        });
        try {
            // Reloads run on the console's one worker, ordered with every other write.
            watcher = new PolicyFileWatcher(app, reload -> tasks.submit(() -> {
                        reload.run();
                        return null;
                    }, done -> { }, e -> { }),
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
                app.clock(), tasks, dialogs, app.policies(), app::replay, app.doNotContact(), app.importer(), app.changes(),
                app.auditIntegrity(), app.identities(), app.outbox(), app.sender(), app.signIn(),
                app.projectionCheck(), app.signing());
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
        if (syncing != null) {
            syncing.close();
        }
        if (sending != null) {
            sending.close(); // the message in flight, if any, is recorded before the workspace closes
        }
        if (tasks != null) {
            tasks.close();
        }
        if (app != null) {
            app.close();
        }
    }
}
