package io.countersign.core.identity;

import io.countersign.core.draft.Channel;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * How an identity sends: {@code sandbox} (delivered to the workspace itself, for demos and dry
 * runs), {@code smtp://HOST:PORT} (STARTTLS), {@code smtps://HOST:PORT} (implicit TLS),
 * {@code sendgrid[:BASE_URL]}, {@code postmark[:BASE_URL]}, {@code linkedin-assisted} or
 * {@code webhook:https://…}.
 */
public record Transport(Kind kind, String host, int port, URI url) {

    public enum Kind {
        SANDBOX, SMTP, SMTPS, SENDGRID, POSTMARK, LINKEDIN_ASSISTED, WEBHOOK;

        public boolean sendsEmail() {
            return this == SMTP || this == SMTPS || this == SENDGRID || this == POSTMARK;
        }
    }

    public static final Transport SANDBOX = new Transport(Kind.SANDBOX, "", 0, null);

    /** Parses the command-line form; the reason names what is wrong. */
    public static Transport parse(String text) throws IdentityException {
        String t = text == null ? "" : text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "sandbox":
                return SANDBOX;
            case "sendgrid":
                return new Transport(Kind.SENDGRID, "", 0, null);
            case "postmark":
                return new Transport(Kind.POSTMARK, "", 0, null);
            case "linkedin-assisted":
                return new Transport(Kind.LINKEDIN_ASSISTED, "", 0, null);
            default:
                break;
        }
        for (Kind provider : new Kind[]{Kind.SENDGRID, Kind.POSTMARK}) {
            String prefix = provider.name().toLowerCase(Locale.ROOT) + ":";
            if (lower.startsWith(prefix)) {
                URI url = uri(t.substring(prefix.length()));
                if (url == null || url.getHost() == null || !("https".equalsIgnoreCase(url.getScheme())
                        || "http".equalsIgnoreCase(url.getScheme()) && isLoopback(url.getHost()))) {
                    throw new IdentityException("--transport: " + prefix + " takes the provider's https base URL, e.g. "
                            + prefix + "https://api.eu.example (plain http only to this machine, for testing)");
                }
                return new Transport(provider, url.getHost(), url.getPort(), url);
            }
        }
        if (lower.startsWith("webhook:")) {
            URI url = uri(t.substring("webhook:".length()));
            if (url == null || url.getHost() == null || !("https".equalsIgnoreCase(url.getScheme())
                    || "http".equalsIgnoreCase(url.getScheme()) && isLoopback(url.getHost()))) {
                throw new IdentityException("--transport: a webhook needs an https URL, e.g. webhook:https://hooks.example/send "
                        + "(plain http only to this machine, for testing)");
            }
            return new Transport(Kind.WEBHOOK, url.getHost(), url.getPort(), url);
        }
        if (lower.startsWith("smtp://") || lower.startsWith("smtps://")) {
            URI u = uri(t);
            if (u == null || u.getHost() == null || u.getHost().isBlank()) {
                throw new IdentityException("--transport: '" + t + "' has no host (use smtp://HOST:PORT or smtps://HOST:PORT)");
            }
            boolean implicit = lower.startsWith("smtps://");
            int port = u.getPort() > 0 ? u.getPort() : implicit ? 465 : 587;
            if (u.getPath() != null && !u.getPath().isEmpty() && !u.getPath().equals("/")) {
                throw new IdentityException("--transport: '" + t + "' must not have a path");
            }
            return new Transport(implicit ? Kind.SMTPS : Kind.SMTP, u.getHost(), port, null);
        }
        throw new IdentityException("--transport: unknown transport '" + t + "' (use sandbox, smtp://HOST:PORT, "
                + "smtps://HOST:PORT, sendgrid, postmark, linkedin-assisted or webhook:https://URL)");
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    }

    /** The base URL of a provider transport: the one configured, else the provider's public API. */
    public URI baseUrl() {
        if (url != null) {
            return url;
        }
        return switch (kind) {
            case SENDGRID -> URI.create("https://api.sendgrid.com");
            case POSTMARK -> URI.create("https://api.postmarkapp.com");
            default -> throw new IllegalStateException(kind + " has no base URL");
        };
    }

    private static URI uri(String s) {
        try {
            return new URI(s.strip());
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** Why this transport cannot send on {@code channel}, if it cannot. */
    public Optional<String> unsuitableFor(Channel channel) {
        if (kind == Kind.SANDBOX || kind == Kind.WEBHOOK) {
            return Optional.empty();
        }
        if (channel == Channel.EMAIL && !kind.sendsEmail()) {
            return Optional.of("an email identity cannot send with " + text());
        }
        if (channel == Channel.LINKEDIN && kind.sendsEmail()) {
            return Optional.of("a LinkedIn identity cannot send with " + text() + " (use linkedin-assisted or a webhook)");
        }
        return Optional.empty();
    }

    /** The command-line form, which {@link #parse} reads back. */
    public String text() {
        return switch (kind) {
            case SANDBOX -> "sandbox";
            case SMTP -> "smtp://" + host + ":" + port;
            case SMTPS -> "smtps://" + host + ":" + port;
            case SENDGRID -> url == null ? "sendgrid" : "sendgrid:" + url;
            case POSTMARK -> url == null ? "postmark" : "postmark:" + url;
            case LINKEDIN_ASSISTED -> "linkedin-assisted";
            case WEBHOOK -> "webhook:" + url;
        };
    }
}
