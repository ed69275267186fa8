package io.countersign.core.store;

/** A write refused (or failed) because the disk holding the workspace has too little free space. */
public final class StorageFullException extends RuntimeException {
    public StorageFullException(String message) {
        super(message);
    }
}
