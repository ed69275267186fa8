package io.countersign.ui.settings;

import io.countersign.core.identity.IdentityService;

/** What the identity form produces: the identity's settings and, if given, its secret (never shown again). */
public record IdentityRequest(IdentityService.Spec spec, char[] secret) {
}
