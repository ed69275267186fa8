package io.countersign.core.outbox;

/**
 * One way out (SMTP, an HTTP email provider, a webhook, the sandbox). Implementations live under
 * {@code adapters.channels}, one package each. {@link #send} is called off the UI thread, never
 * under the workspace write lock, and only for a message the {@link io.countersign.core.dispatch.SendGate}
 * let through a moment before.
 */
public interface ChannelAdapter extends AutoCloseable {

    /**
     * Whether sending the same message again with the same idempotency key cannot deliver it twice
     * (the provider or receiver deduplicates). Only then is a send interrupted by a crash retried
     * automatically; otherwise it becomes {@link OutboxState#UNKNOWN} and waits for a human.
     */
    boolean deduplicates();

    /** One attempt. Must not throw for anything the server or network does: say so in the outcome. */
    SendOutcome send(OutboundMessage message) throws InterruptedException;

    /** Releases a connection kept open between messages. */
    @Override
    default void close() {
    }

    /** Finds the adapter for an identity's transport. */
    interface Factory {
        /** @throws IllegalArgumentException naming the transport when none can send with it */
        ChannelAdapter forIdentity(io.countersign.core.identity.Identity identity);
    }
}
