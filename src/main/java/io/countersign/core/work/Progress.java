package io.countersign.core.work;

/**
 * How long work tells where it is and learns that it should stop. Core services take one so the
 * console can show a progress bar with Cancel and the CLI can stop cleanly; neither knows the other.
 */
public interface Progress {

    /** {@code total} below zero means "unknown" (a stream whose length is not known yet). */
    void update(long done, long total, String message);

    /** True once the user asked to stop; work checks it between batches and stops after a whole one. */
    boolean isCancelled();

    /** Reports nothing and never cancels. */
    Progress NONE = new Progress() {
        @Override
        public void update(long done, long total, String message) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };
}
