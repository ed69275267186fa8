package io.countersign.cli;

import io.countersign.core.draft.ReviewStatus;
import io.countersign.core.importing.DraftFileReader;
import java.util.Locale;
import picocli.CommandLine;

/** Builds the picocli command line with the conventions every command shares. */
public final class Cli {

    private Cli() {
    }

    public static CommandLine commandLine(java.util.function.Consumer<java.nio.file.Path> openConsole) {
        CommandLine cl = new CommandLine(new RootCommand(openConsole));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.registerConverter(ReviewStatus.class, s -> ReviewStatus.valueOf(s.toUpperCase(Locale.ROOT)));
        cl.registerConverter(DraftFileReader.Format.class, s -> DraftFileReader.Format.valueOf(s.toUpperCase(Locale.ROOT)));
        cl.setExitCodeExceptionMapper(e -> ExitCodes.BAD_INPUT);
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("countersign: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return ExitCodes.BAD_INPUT;
        });
        return cl;
    }
}
