package io.countersign.core.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Says why a file operation failed in words ("not found", "permission denied"), not just which file. */
public final class IoErrors {

    private IoErrors() {
    }

    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + ": not found";
        }
        if (e instanceof AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        if (e instanceof java.nio.file.NotDirectoryException d) {
            return d.getFile() + ": not a directory";
        }
        if (e instanceof FileSystemException f) {
            return f.getFile() + (f.getReason() == null ? "" : ": " + f.getReason());
        }
        String m = String.valueOf(e.getMessage());
        return m.contains("Is a directory") ? m.replace("Is a directory", "is a directory, not a file") : m;
    }

    /** True when {@code e} (or a cause) is the operating system saying the disk is full. */
    public static boolean isDiskFull(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 32; t = t.getCause(), depth++) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("There is not enough space on the disk")
                    || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * As {@link #isDiskFull(Throwable)}, and also when the operating system's message is in another
     * language: an I/O failure while the disk holding {@code dir} has (almost) nothing free.
     */
    public static boolean isDiskFull(Throwable e, java.nio.file.Path dir) {
        if (isDiskFull(e)) {
            return true;
        }
        boolean io = false;
        int depth = 0;
        for (Throwable t = e; t != null && depth < 32; t = t.getCause(), depth++) {
            io |= t instanceof IOException;
        }
        return io && dir != null && dir.toFile().getUsableSpace() < (1L << 20);
    }
}
