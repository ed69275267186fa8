package io.countersign.adapters.persistence;

import io.countersign.core.store.StorageFullException;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses a write before it starts when the workspace's disk is nearly full. H2 hitting "No space
 * left on device" halfway through a batch can leave part of it stored, or spin in a rollback that
 * cannot write either; refusing while there is still room keeps every batch whole and the
 * workspace readable. The reserve covers the largest unit Countersign writes (an import batch of
 * 2,000 drafts grows the append-only file by ~32 MB) twice over.
 */
final class DiskSpace {

    static final long DEFAULT_RESERVE = 64L << 20;
    /** For tests and for machines that know better: {@code -Dcountersign.diskReserveMb=N}. */
    static final String RESERVE_PROPERTY = "countersign.diskReserveMb";

    private final Path dir;
    private final FileStore store;
    private final long reserve;

    DiskSpace(Path dir) {
        this.dir = dir;
        FileStore s;
        try {
            s = Files.getFileStore(dir);
        } catch (IOException e) {
            s = null; // cannot tell: do not refuse on a guess
        }
        this.store = s;
        long mb = Long.getLong(RESERVE_PROPERTY, DEFAULT_RESERVE >> 20);
        this.reserve = Math.max(0, mb) << 20;
    }

    void check() {
        if (store == null || reserve == 0) {
            return;
        }
        long free;
        try {
            free = store.getUsableSpace();
        } catch (IOException e) {
            return;
        }
        if (free < reserve) {
            throw new StorageFullException(describe(free));
        }
    }

    String describe(long free) {
        return "the disk holding " + dir + " (" + store + ") is nearly full: " + mb(free) + " free, and Countersign "
                + "needs " + mb(reserve) + " free to write a batch safely. This write was refused whole; everything "
                + "confirmed before stays stored (an import run again continues where it stopped). Free some space; "
                + "reading commands still work";
    }

    private static String mb(long bytes) {
        return bytes >= (10L << 20) ? (bytes >> 20) + " MB" : String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }
}
