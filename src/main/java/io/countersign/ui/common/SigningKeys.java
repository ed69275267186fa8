package io.countersign.ui.common;

import io.countersign.core.review.ReviewException;
import io.countersign.core.review.ReviewerKeys;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Before the console decides anything: the reviewer's signing key must be unlocked. The first
 * decision of a session asks for the passphrase (or, the very first time, to choose one and make
 * the key); making and unlocking run on the worker, as every write does. Toolkit-free.
 */
public final class SigningKeys {

    static final int MIN_PASSPHRASE = 8;

    private SigningKeys() {
    }

    /** Runs {@code then} once the reviewer can sign; {@code cancelled} with why not otherwise. */
    public static void ensure(ConsoleServices s, Runnable then, Consumer<String> cancelled) {
        String who = s.reviewer();
        if (s.signing().state(who) == ReviewerKeys.State.UNLOCKED) {
            then.run();
            return;
        }
        // A passphrase source set for this workspace (none in the console by default) may unlock it without asking.
        s.tasks().submit(() -> {
            try {
                s.signing().ready(who);
                return true;
            } catch (ReviewException e) {
                return false;
            }
        }, ready -> {
            if (ready) {
                then.run();
            } else {
                ask(s, who, null, then, cancelled);
            }
        }, e -> cancelled.accept(e.getMessage())); // the workspace refuses writes (an open audit finding, a full disk…)
    }

    private static void ask(ConsoleServices s, String who, String problem, Runnable then, Consumer<String> cancelled) {
        boolean creating = s.signing().state(who) == ReviewerKeys.State.NONE;
        Optional<String> endorsement = creating ? s.signing().endorsementNeeded(who) : Optional.empty();
        if (endorsement.isPresent()) {
            cancelled.accept(endorsement.get()); // not a passphrase asked for and then refused
            return;
        }
        Optional<char[]> passphrase = s.dialogs().show(new SigningKeyDialog(who, creating, MIN_PASSPHRASE, problem));
        if (passphrase.isEmpty()) {
            cancelled.accept("every decision is signed, and " + who + "'s signing key is "
                    + (creating ? "not created yet" : "still locked"));
            return;
        }
        char[] p = passphrase.get();
        s.tasks().submit(() -> {
            try {
                if (creating) {
                    s.signing().create(who, p);
                } else {
                    s.signing().unlock(who, p);
                }
            } finally {
                java.util.Arrays.fill(p, '\0');
            }
            return true;
        }, ok -> then.run(), e -> {
            if (e instanceof ReviewerKeys.WrongPassphraseException || e instanceof IllegalArgumentException) {
                ask(s, who, e.getMessage(), then, cancelled);
            } else {
                cancelled.accept("Cannot " + (creating ? "create" : "unlock") + " " + who + "'s signing key: " + e.getMessage());
            }
        });
    }
}
