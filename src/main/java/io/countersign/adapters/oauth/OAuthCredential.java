package io.countersign.adapters.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * What an identity signed in with OAuth keeps in the credential vault (encrypted, like a
 * password): where to renew its access, the client it was granted to and the refresh token. The
 * access token itself is never stored; it is fetched when needed and kept in memory until it
 * expires. A vault secret that is not this JSON is an access token given by hand (the older way).
 */
public record OAuthCredential(String provider, String tokenUrl, String clientId, String clientSecret, String refreshToken,
                              String scope) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARK = "countersignOAuth";

    public OAuthCredential {
        clientSecret = clientSecret == null ? "" : clientSecret;
        scope = scope == null ? "" : scope;
    }

    public OAuthCredential withRefreshToken(String token) {
        return new OAuthCredential(provider, tokenUrl, clientId, clientSecret, token, scope);
    }

    public char[] toSecret() {
        ObjectNode n = JSON.createObjectNode();
        n.put(MARK, 1).put("provider", provider).put("tokenUrl", tokenUrl).put("clientId", clientId)
                .put("clientSecret", clientSecret).put("refreshToken", refreshToken).put("scope", scope);
        return n.toString().toCharArray();
    }

    /** The credential in a vault secret, or empty when the secret is something else (a password, a bare token). */
    public static Optional<OAuthCredential> of(char[] secret) {
        if (secret == null || secret.length < 2 || secret[0] != '{') {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(new String(secret));
            if (n.path(MARK).asInt() != 1) {
                return Optional.empty();
            }
            return Optional.of(new OAuthCredential(n.path("provider").asText(""), n.path("tokenUrl").asText(""),
                    n.path("clientId").asText(""), n.path("clientSecret").asText(""), n.path("refreshToken").asText(""),
                    n.path("scope").asText("")));
        } catch (java.io.IOException notJson) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "OAuthCredential[" + provider + ", client " + clientId + "]"; // never the secrets
    }
}
