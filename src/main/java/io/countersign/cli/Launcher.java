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
        picocli.CommandLine cl = Cli.commandLine(home -> {
            console[0] = true;
            ConsoleApp.launch(home);
        });
        // UTF-8 whatever the locale: under LANG=C the JVM's default would print '?' for every
        // non-ASCII character, and audit lines must come out byte for byte as stored.
        cl.setOut(utf8(System.out));
        cl.setErr(utf8(System.err));
        int code = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        if (!console[0] || code != 0) {
            System.exit(code);
        }
    }

    static java.io.PrintWriter utf8(java.io.PrintStream stream) {
        return new java.io.PrintWriter(new java.io.BufferedWriter(
                new java.io.OutputStreamWriter(stream, java.nio.charset.StandardCharsets.UTF_8)), true);
    }
}
