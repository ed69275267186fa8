package io.countersign.core.outbox;

import io.countersign.core.identity.Identity;
import java.time.Instant;
import java.util.List;

/** Reads what came back to an email identity's mailbox (its {@code imapUrl}); adapters implement it over IMAP. */
public interface MailboxReader {

    /** @throws Unavailable naming the mailbox and why it could not be read (login refused, unreachable) */
    List<InboundMail> read(Identity identity, Instant since) throws Unavailable;

    final class Unavailable extends Exception {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
