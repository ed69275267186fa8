package io.countersign.core.identity;

import io.countersign.core.audit.Actor;
import java.net.URI;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Signs an SMTP identity in with OAuth: after the browser flow, the identity logs in with XOAUTH2
 * and renews its own access; the change is an {@code identity.edited} event (auth → xoauth2, the
 * secret only as replaced). The console and {@code identities sign-in} both come here.
 */
public final class SignInService {

    private final IdentityService identities;
    private final SignInFlow flow;

    public SignInService(IdentityService identities, SignInFlow flow) {
        this.identities = Objects.requireNonNull(identities);
        this.flow = Objects.requireNonNull(flow);
    }

    public IdentityService.Edited signIn(String identityId, SignInFlow.Request request, Consumer<URI> open, Actor actor)
            throws IdentityException, InterruptedException {
        String id = identityId == null ? "" : identityId.strip();
        Identity identity = identities.find(id).orElseThrow(() -> new IdentityException("no identity '" + id
                + "' (see 'countersign identities list')"));
        Transport.Kind kind = identity.transport().kind();
        if (kind != Transport.Kind.SMTP && kind != Transport.Kind.SMTPS) {
            throw new IdentityException(id + " sends with " + identity.transport().text()
                    + ": signing in with OAuth is for SMTP mailboxes (Google Workspace, Microsoft 365)");
        }
        if (request.clientId() == null || request.clientId().isBlank()) {
            throw new IdentityException("--client-id: name the OAuth client your organisation registered for Countersign");
        }
        SignInFlow.Request r = request.loginHint() != null ? request : new SignInFlow.Request(request.provider(),
                request.clientId(), request.clientSecret(), request.authorizeUrl(), request.tokenUrl(), request.scope(),
                identity.loginUser(), request.timeout());
        char[] secret = flow.signIn(r, open);
        try {
            return identities.edit(new IdentityService.Spec(id, null, null, null, null, null, null, null, null, null, null,
                    null, null, "xoauth2", null, null, null, null, null), secret, actor);
        } finally {
            java.util.Arrays.fill(secret, '\0');
        }
    }
}
