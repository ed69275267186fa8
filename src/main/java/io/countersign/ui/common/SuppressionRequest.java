package io.countersign.ui.common;

import io.countersign.core.contact.Suppression;

/** What the reviewer typed into the "Add to do-not-contact list" dialog. */
public record SuppressionRequest(Suppression.Kind kind, String value, String reason, String source) {
}
