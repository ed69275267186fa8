package io.countersign.core.policy;

import java.util.List;

/**
 * One rule's settings as read from the policy file, with the checks every rule needs: each getter
 * throws a {@link PolicyException} naming the file, line and path of a wrong value.
 */
public interface RuleSettings {

    /** The rule's severity: its {@code severity} setting, else the type's default. */
    Severity severity();

    /** A list of strings, empty when absent. */
    List<String> strings(String key) throws PolicyException;

    /** A list of strings, or {@code fallback} when the key is absent. */
    List<String> strings(String key, List<String> fallback) throws PolicyException;

    int integer(String key, int fallback) throws PolicyException;

    /** A text setting, empty when absent. */
    String text(String key);

    /** A severity setting of its own ({@code phone: warn}), or {@code fallback}. */
    Severity severity(String key, Severity fallback) throws PolicyException;

    /** The lines of a word-list file named by this setting (resolved next to the policy), empty when absent. */
    List<String> wordFile(String key) throws PolicyException;
}
