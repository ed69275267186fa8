package io.countersign.core.importing;

/** A record that was not imported: where it starts in the file and why. */
public record ImportProblem(String source, long line, String reason) {
    @Override
    public String toString() {
        return source + ":" + line + ": " + reason;
    }
}
