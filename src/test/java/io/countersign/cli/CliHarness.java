package io.countersign.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs the CLI in-process against a workspace, capturing what it prints. */
public final class CliHarness {

    /** Exit code and what went to stdout and stderr. */
    public record Run(int code, String out, String err) {
    }

    private CliHarness() {
    }

    public static Run run(Path home, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine(h -> {
            throw new AssertionError("the console must not open in CLI tests");
        });
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        all[0] = "--home";
        all[1] = home.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = cl.execute(all);
        return new Run(code, out.toString(), err.toString());
    }
}
