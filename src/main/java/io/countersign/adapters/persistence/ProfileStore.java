package io.countersign.adapters.persistence;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/** The local reviewer profile (name, theme) in {@code profile.properties} of the workspace. */
public final class ProfileStore {

    private final Path file;
    private final Properties props = new Properties();

    public ProfileStore(Path home) {
        this.file = home.resolve("profile.properties");
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
    }

    public Optional<String> reviewer() {
        String name = props.getProperty("reviewer", "").strip();
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

    public void setReviewer(String name) {
        props.setProperty("reviewer", name.strip());
        save();
    }

    public boolean darkTheme() {
        return Boolean.parseBoolean(props.getProperty("theme.dark", "false"));
    }

    public void setDarkTheme(boolean dark) {
        props.setProperty("theme.dark", Boolean.toString(dark));
        save();
    }

    /** How long an approval can be undone before its message may leave (default 10 s). */
    public java.time.Duration undoWindow() {
        try {
            long s = Long.parseLong(props.getProperty("sending.undoSeconds", "10").strip());
            return java.time.Duration.ofSeconds(Math.max(0, Math.min(s, 3600)));
        } catch (NumberFormatException e) {
            return java.time.Duration.ofSeconds(10);
        }
    }

    /** At most this many messages a day to one company's people across all identities (0: no cap). */
    public int companyDailyCap() {
        try {
            return Math.max(0, Integer.parseInt(props.getProperty("sending.companyDailyCap", "0").strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public void setSending(java.time.Duration undo, int companyCap) {
        props.setProperty("sending.undoSeconds", Long.toString(undo.toSeconds()));
        props.setProperty("sending.companyDailyCap", Integer.toString(companyCap));
        save();
    }

    private void save() {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(w, "Countersign reviewer profile");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
