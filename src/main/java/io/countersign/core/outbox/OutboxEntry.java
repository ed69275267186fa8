package io.countersign.core.outbox;

import io.countersign.core.draft.Channel;
import java.time.Instant;
import java.util.Objects;

/**
 * One approved message in the outbox.
 *
 * @param approvalSeq  the audit entry of the approval this message rests on (0 when none was found)
 * @param approvalHash that entry's chain hash, hex; the sender checks it again before every attempt
 * @param messageId    the RFC 5322 Message-ID (or the provider's idempotency key), fixed when the
 *                     entry is made so that every retry carries the same one
 * @param waitReason   why a scheduled message is not sent yet (the limit, the window, the backoff)
 * @param lastError    the last transport error, as the server or provider gave it
 */
public record OutboxEntry(long id, String draftId, String identityId, Channel channel, String recipient,
                          String recipientCompany, String subject, String body, long approvalSeq, String approvalHash,
                          String approvedBy, OutboxState state, int attempts, Instant notBefore, Instant undoUntil,
                          String messageId, String providerId, String lastError, String waitReason, Instant createdAt,
                          Instant updatedAt, Instant sentAt) {

    public OutboxEntry {
        Objects.requireNonNull(draftId, "draftId");
        Objects.requireNonNull(identityId, "identityId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(undoUntil, "undoUntil");
        recipient = recipient == null ? "" : recipient;
        recipientCompany = recipientCompany == null ? "" : recipientCompany;
        subject = subject == null ? "" : subject;
        body = body == null ? "" : body;
        approvalHash = approvalHash == null ? "" : approvalHash;
        approvedBy = approvedBy == null ? "" : approvedBy;
        messageId = messageId == null ? "" : messageId;
        providerId = providerId == null ? "" : providerId;
        lastError = lastError == null ? "" : lastError;
        waitReason = waitReason == null ? "" : waitReason;
    }

    OutboxEntry waiting(Instant until, String reason, Instant now) {
        return new OutboxEntry(id, draftId, identityId, channel, recipient, recipientCompany, subject, body, approvalSeq,
                approvalHash, approvedBy, OutboxState.SCHEDULED, attempts, until, undoUntil, messageId, providerId,
                lastError, reason, createdAt, now, sentAt);
    }

    /** Handed to the transport now: {@code sentAt} holds the attempt's time until the outcome is known. */
    OutboxEntry attempt(Instant now) {
        return new OutboxEntry(id, draftId, identityId, channel, recipient, recipientCompany, subject, body, approvalSeq,
                approvalHash, approvedBy, OutboxState.SENDING, attempts + 1, notBefore, undoUntil, messageId, providerId,
                lastError, "", createdAt, now, now);
    }

    OutboxEntry sent(String provider, Instant now) {
        return new OutboxEntry(id, draftId, identityId, channel, recipient, recipientCompany, subject, body, approvalSeq,
                approvalHash, approvedBy, OutboxState.SENT, attempts, notBefore, undoUntil, messageId,
                provider == null ? "" : provider, lastError, "", createdAt, now, now);
    }

    OutboxEntry failed(OutboxState s, String error, Instant retryAt, Instant now) {
        return new OutboxEntry(id, draftId, identityId, channel, recipient, recipientCompany, subject, body, approvalSeq,
                approvalHash, approvedBy, s, attempts, retryAt == null ? notBefore : retryAt, undoUntil, messageId,
                providerId, error, s == OutboxState.SCHEDULED ? "retry after: " + error : "", createdAt, now,
                s == OutboxState.UNKNOWN ? sentAt : null); // unknown keeps the attempt's time
    }

    OutboxEntry cancelled(String why, Instant now) {
        return new OutboxEntry(id, draftId, identityId, channel, recipient, recipientCompany, subject, body, approvalSeq,
                approvalHash, approvedBy, OutboxState.CANCELLED, attempts, notBefore, undoUntil, messageId, providerId,
                lastError, why, createdAt, now, sentAt);
    }

    OutboxEntry retried(Instant now) {
        return new OutboxEntry(id, draftId, identityId, channel, recipient, recipientCompany, subject, body, approvalSeq,
                approvalHash, approvedBy, OutboxState.SCHEDULED, 0, now, undoUntil, messageId, providerId, lastError, "",
                createdAt, now, null);
    }

    /** Whether a human can still withdraw it (nothing has been handed to a transport yet). */
    public boolean cancellable() {
        return state == OutboxState.SCHEDULED || state == OutboxState.FAILED;
    }
}
