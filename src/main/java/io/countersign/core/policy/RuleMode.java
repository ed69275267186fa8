package io.countersign.core.policy;

/** Whether a rule's findings count. Observe lets a new rule's hit rate be measured before it is enforced. */
public enum RuleMode {
    ENFORCE, OBSERVE
}
