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

    private void save() {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(w, "Countersign reviewer profile");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
