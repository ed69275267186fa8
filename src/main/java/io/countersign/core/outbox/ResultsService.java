package io.countersign.core.outbox;

import io.countersign.core.audit.Actor;
import io.countersign.core.audit.AuditEvent;
import io.countersign.core.audit.AuditEventType;
import io.countersign.core.contact.DoNotContactService;
import io.countersign.core.contact.Suppression;
import io.countersign.core.draft.Channel;
import io.countersign.core.replies.Reply;
import io.countersign.core.replies.ReplyIntake;
import io.countersign.core.store.UnitOfWork;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What came back after a send: bounces and replies read from a sending mailbox, matched to the
 * sent message by the Message-IDs they name (In-Reply-To, References, a bounce's returned headers).
 * Each is an audit event on the draft ({@code message.bounced}, {@code message.replied}); a hard
 * bounce puts the address on the do-not-contact list (source {@code bounce}); a reply that objects
 * puts its sender there (as {@code replies import} does). A message already seen is skipped, so
 * polling the same days again changes nothing.
 */
public final class ResultsService {

    private final OutboxStore store;
    private final UnitOfWork unitOfWork;
    private final DoNotContactService doNotContact;
    private final Clock clock;

    private final java.util.function.Consumer<String> afterHardBounce;

    /** @param afterHardBounce told the identity's id after each hard bounce (the anomaly stop re-judges it) */
    public ResultsService(OutboxStore store, UnitOfWork unitOfWork, DoNotContactService doNotContact, Clock clock,
                          java.util.function.Consumer<String> afterHardBounce) {
        this.afterHardBounce = Objects.requireNonNull(afterHardBounce);
        this.store = Objects.requireNonNull(store);
        this.unitOfWork = Objects.requireNonNull(unitOfWork);
        this.doNotContact = Objects.requireNonNull(doNotContact);
        this.clock = Objects.requireNonNull(clock);
    }

    /** What one pass over a mailbox found. */
    public record Found(int bounces, int replies, int objections, int unmatched, int alreadySeen, int suppressed) {
        public String summary() {
            return bounces + " bounce" + (bounces == 1 ? "" : "s") + ", " + replies + " repl" + (replies == 1 ? "y" : "ies")
                    + " (" + objections + " objecting), " + suppressed + " added to do-not-contact, " + unmatched
                    + " not about a message we sent, " + alreadySeen + " seen before";
        }
    }

    public Found process(String identityId, List<InboundMail> mail, Actor actor) {
        int bounces = 0;
        int replies = 0;
        int objections = 0;
        int unmatched = 0;
        int seen = 0;
        List<Suppression> suppress = new ArrayList<>();
        Instant now = clock.instant();
        for (InboundMail m : mail) {
            String key = m.messageId().isEmpty() ? identityId + "|" + m.from() + "|" + m.receivedAt() + "|" + m.text().hashCode()
                    : m.messageId();
            if (store.seenInbound(key)) {
                seen++;
                continue;
            }
            Optional<OutboxEntry> sent = Optional.empty();
            for (String ref : m.references()) {
                sent = store.byMessageId(ref.strip());
                if (sent.isPresent()) {
                    break;
                }
            }
            if (sent.isEmpty()) {
                unmatched++;
                store.markInbound(key, null);
                continue;
            }
            OutboxEntry e = sent.get();
            if (m.bounce() != null) {
                bounces++;
                InboundMail.Bounce b = m.bounce();
                String recipient = b.recipient().isEmpty() ? e.recipient() : b.recipient();
                store.markInbound(key, OutboxService.event(AuditEventType.MESSAGE_BOUNCED, Actor.SYSTEM, e)
                        .with("result", b.hard() ? "failed" : b.action().toLowerCase(java.util.Locale.ROOT))
                        .with("permanent", b.hard()).with("status", b.status()).with("bouncedRecipient", recipient)
                        .with("diagnostic", b.diagnostic()).with("inboundMessageId", m.messageId())
                        .with("receivedAt", m.receivedAt() == null ? null : m.receivedAt().toString()).build());
                if (b.hard()) {
                    store.markBounced(e.id());
                    afterHardBounce.accept(e.identityId());
                    suppress.add(new Suppression(Suppression.Kind.EMAIL, Suppression.Kind.EMAIL.normalize(recipient),
                            "hard bounce " + b.status() + (b.diagnostic().isEmpty() ? "" : ": " + b.diagnostic()), "bounce",
                            actor.id(), now));
                }
                continue;
            }
            replies++;
            Reply reply = new Reply(m.messageId(), Channel.EMAIL, m.from(), "", m.text(), m.receivedAt());
            List<ReplyIntake.Outcome> outcome = ReplyIntake.assess(List.of(reply), actor.id(), now);
            boolean objects = outcome.get(0).objection().isPresent();
            if (objects) {
                objections++;
                suppress.addAll(ReplyIntake.entriesOf(outcome));
            }
            store.markInbound(key, OutboxService.event(AuditEventType.MESSAGE_REPLIED, Actor.SYSTEM, e)
                    .with("result", "replied").with("from", m.from()).with("objection", objects ? Boolean.TRUE : null)
                    .with("inboundMessageId", m.messageId())
                    .with("receivedAt", m.receivedAt() == null ? null : m.receivedAt().toString()).build());
        }
        int added = suppress.isEmpty() ? 0 : doNotContact.add(suppress, actor).added();
        return new Found(bounces, replies, objections, unmatched, seen, added);
    }

    /** What polling every mailbox did: per identity what was found, and the mailboxes that could not be read. */
    public record Poll(java.util.Map<String, Found> found, List<String> unavailable) {
    }

    /**
     * Reads every email identity's mailbox (those with an IMAP URL) for what arrived since
     * {@code since} and processes it. A mailbox that cannot be read is named and the others go on.
     */
    public Poll poll(List<io.countersign.core.identity.Identity> identities, MailboxReader reader, Instant since, Actor actor) {
        java.util.Map<String, Found> found = new java.util.TreeMap<>();
        List<String> unavailable = new ArrayList<>();
        for (io.countersign.core.identity.Identity i : identities) {
            if (i.channel() != Channel.EMAIL || i.imapUrl().isEmpty()) {
                continue;
            }
            try {
                found.put(i.id(), processAtomically(i.id(), reader.read(i, since), actor));
            } catch (MailboxReader.Unavailable e) {
                unavailable.add(e.getMessage());
            }
        }
        return new Poll(found, unavailable);
    }

    /** Runs {@link #process} as one unit of work per mailbox pass (the events and the seen marks together). */
    public Found processAtomically(String identityId, List<InboundMail> mail, Actor actor) {
        return unitOfWork.write(w -> process(identityId, mail, actor));
    }
}
