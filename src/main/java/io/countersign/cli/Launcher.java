package io.countersign.cli;

import io.countersign.app.ConsoleApp;

/**
 * Entry point of the jar. Not a JavaFX Application subclass, so the fat jar starts without the
 * JavaFX launcher checks. With no command the console opens; with one, the CLI runs headless.
 * It lives in {@code cli} so that {@code app} (the composition root) depends on no command.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        boolean[] console = {false};
        int code = Cli.commandLine(home -> {
            console[0] = true;
            ConsoleApp.launch(home);
        }).execute(args);
        if (!console[0] || code != 0) {
            System.exit(code);
        }
    }
}
