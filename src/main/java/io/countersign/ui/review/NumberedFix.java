package io.countersign.ui.review;

import io.countersign.core.policy.Finding;
import io.countersign.core.policy.Fix;

/** A fix the reviewer can apply with a digit key: its number, the finding it belongs to, the fix. */
public record NumberedFix(int number, Finding finding, Fix fix) {
}
