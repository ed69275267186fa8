package io.countersign.cli;

/** The exit codes every command uses. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int CHECK_FAILED = 1;
    public static final int BAD_INPUT = 2;
    /** A server needed (the collector) cannot be reached now; nothing was lost, run again later. */
    public static final int UNAVAILABLE = 3;

    private ExitCodes() {
    }
}
