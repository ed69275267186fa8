package io.countersign.ui.main;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.countersign.ui.audit.AuditController;
import io.countersign.ui.audit.AuditViewModel;
import io.countersign.ui.common.ConsoleServices;
import io.countersign.ui.queue.QueueController;
import io.countersign.ui.queue.QueueViewModel;
import io.countersign.ui.review.ReviewController;
import io.countersign.ui.review.ReviewViewModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import javafx.application.Application;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;

/** Loads the console's FXML with its view models; used by the application and by UI tests. */
public final class MainWindow {

    private static final String CSS = MainWindow.class.getResource("/io/countersign/ui/countersign.css").toExternalForm();

    private final Scene scene;
    private final MainController controller;
    private final MainViewModel viewModel;

    private MainWindow(Scene scene, MainController controller, MainViewModel viewModel) {
        this.scene = scene;
        this.controller = controller;
        this.viewModel = viewModel;
    }

    /**
     * Builds the window contents.
     *
     * @param onThemeChange called with {@code true} for dark whenever the reviewer switches theme
     */
    public static MainWindow load(ConsoleServices services, boolean dark, Consumer<Boolean> onThemeChange) {
        QueueViewModel queue = new QueueViewModel(services);
        ReviewViewModel review = new ReviewViewModel(services);
        AuditViewModel audit = new AuditViewModel(services);
        io.countersign.ui.settings.SettingsViewModel settings = new io.countersign.ui.settings.SettingsViewModel(services);
        io.countersign.ui.outbox.OutboxViewModel outbox = new io.countersign.ui.outbox.OutboxViewModel(services);
        MainViewModel main = new MainViewModel(services, queue, review, audit, settings, outbox);
        main.darkTheme().set(dark);
        FXMLLoader loader = new FXMLLoader(MainWindow.class.getResource("MainView.fxml"));
        loader.setControllerFactory(type -> {
            if (type == MainController.class) {
                return new MainController(main, services.dialogs());
            } else if (type == QueueController.class) {
                return new QueueController(queue);
            } else if (type == ReviewController.class) {
                return new ReviewController(review);
            } else if (type == AuditController.class) {
                return new AuditController(audit);
            } else if (type == io.countersign.ui.outbox.OutboxController.class) {
                return new io.countersign.ui.outbox.OutboxController(outbox);
            } else if (type == io.countersign.ui.settings.SettingsController.class) {
                return new io.countersign.ui.settings.SettingsController(settings);
            }
            throw new IllegalArgumentException("no controller for " + type);
        });
        Parent root;
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the console layout", e);
        }
        Scene scene = new Scene(root);
        scene.getStylesheets().add(CSS);
        MainController controller = loader.getController();
        controller.install(scene);
        applyTheme(dark);
        main.darkTheme().addListener((o, a, b) -> {
            applyTheme(b);
            onThemeChange.accept(b);
        });
        return new MainWindow(scene, controller, main);
    }

    public static void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    public Scene scene() {
        return scene;
    }

    public MainController controller() {
        return controller;
    }

    public MainViewModel viewModel() {
        return viewModel;
    }
}
