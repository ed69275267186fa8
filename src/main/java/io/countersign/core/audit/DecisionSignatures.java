package io.countersign.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.core.audit.note.NoteKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Signed decisions: what a reviewer's Ed25519 key signs when approving or rejecting a draft, how
 * the key enters the log, and how an entry is checked against the keys the log registered before it.
 *
 * <p>The signed statement is {@code countersign-decision/v1\n} followed by the canonical JSON (JCS)
 * of {@code {"acknowledged","decision","draftId","finalSha256","identityId","policyVersion",
 * "recipient","signedAt","subjectSha256"}}: the decision ({@code approved} or {@code rejected}), the
 * draft, the SHA-256 (hex) of the final text and of the subject, the sending identity and recipient,
 * the rule ids acknowledged (sorted), all as the entry records them, the policy version, and the
 * signing time (within {@link #RECORDED_WITHIN} of the entry's {@code ts}). A
 * {@code reviewer.key-added} entry carries the public key and a proof of possession: the key's
 * signature over {@code countersign-reviewer-key/v1\n} + JCS {@code {"publicKey","reviewer"}}. A
 * reviewer's first key is taken on first use; any further key must carry an {@code endorsement}
 * {@code {"by","key","sig"}}: a key the log registered before it (the reviewer's earlier one, or
 * another reviewer's, who is then named) signing {@code countersign-reviewer-endorse/v1\n} + the same
 * JCS object. Without it the entry is a finding and the key signs nothing that verifies: someone
 * who can write the workspace cannot give a reviewer a key of their own choosing.
 * Every approval and rejection by a human must carry {@code "signature": {"alg":"ed25519",
 * "key":KEYID,"sig":BASE64}} by a key registered for that reviewer earlier in the log — except, in a
 * log begun before decisions were signed, the decisions before its {@code audit.decisions-signed}
 * entry (written once, when such a workspace is first opened; one after any signed decision or
 * registered key is itself a finding, so it cannot be appended later to excuse a forged entry).
 */
public final class DecisionSignatures {

    public static final String ALG = "ed25519";
    private static final String KEY_NAME = "countersign.reviewer";

    private DecisionSignatures() {
    }

    /**
     * What a decision says, as signed: everything the sender relies on. {@code acknowledged} are the
     * rule ids whose require-approval findings the reviewer accepted (sorted when signed), {@code
     * signedAt} the workspace clock when deciding (so a signature copied into a later entry is seen).
     */
    public record Decision(String decision, String draftId, String subject, String finalText, String policyVersion,
                           String identityId, String recipient, java.util.List<String> acknowledged, String signedAt) {

        /** The decision as an entry records it (null members read as empty). */
        public static Decision of(JsonNode event) {
            String type = event.path("type").asText();
            java.util.List<String> ack = new java.util.ArrayList<>();
            event.path("acknowledged").forEach(f -> ack.add(f.path("rule").asText()));
            return new Decision(type.equals(AuditEventType.DRAFT_APPROVED.wireName()) ? "approved" : "rejected",
                    event.path("draftId").asText(), event.path("subject").asText(""), event.path("final").asText(""),
                    event.path("policyVersion").asText(""), event.path("identityId").asText(""), event.path("recipient").asText(""),
                    ack, event.path("signature").path("signedAt").asText(""));
        }

        /** The bytes signed. */
        public byte[] statement() {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("acknowledged", acknowledged.stream().sorted().toList());
            o.put("decision", decision);
            o.put("draftId", draftId);
            o.put("finalSha256", sha256Hex(nz(finalText)));
            o.put("identityId", nz(identityId));
            o.put("policyVersion", nz(policyVersion));
            o.put("recipient", nz(recipient));
            o.put("signedAt", nz(signedAt));
            o.put("subjectSha256", sha256Hex(nz(subject)));
            return ("countersign-decision/v1\n" + Jcs.write(o)).getBytes(StandardCharsets.UTF_8);
        }

        private static String nz(String s) {
            return s == null ? "" : s;
        }
    }

    /** How far a decision's signing time may be from the time its entry was appended (a bulk approval takes seconds). */
    public static final java.time.Duration RECORDED_WITHIN = java.time.Duration.ofMinutes(10);

    /** The bytes a new key signs to show its holder has the private part. */
    public static byte[] keyProofStatement(String reviewer, byte[] publicKey) {
        return keyStatement("countersign-reviewer-key/v1\n", reviewer, publicKey);
    }

    /** The bytes an earlier key signs to vouch for a reviewer's further key. */
    public static byte[] endorsementStatement(String reviewer, byte[] publicKey) {
        return keyStatement("countersign-reviewer-endorse/v1\n", reviewer, publicKey);
    }

    private static byte[] keyStatement(String prefix, String reviewer, byte[] publicKey) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("publicKey", Base64.getEncoder().encodeToString(publicKey));
        o.put("reviewer", reviewer);
        return (prefix + Jcs.write(o)).getBytes(StandardCharsets.UTF_8);
    }

    /** A key's id as entries name it: hex of the first 8 bytes of SHA-256 of the public key. */
    public static String keyId(byte[] publicKey) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A reviewer's key pair from its 32-byte seed. */
    public static NoteKey key(byte[] seed) {
        return NoteKey.fromSeed(KEY_NAME, seed);
    }

    /** The {@code signature} member of a decision entry, signed with {@code key}. */
    public static Map<String, Object> sign(NoteKey key, Decision d) {
        Map<String, Object> sig = new LinkedHashMap<>();
        sig.put("alg", ALG);
        sig.put("key", keyId(key.publicKey()));
        sig.put("sig", Base64.getEncoder().encodeToString(key.sign(d.statement())));
        sig.put("signedAt", d.signedAt());
        return sig;
    }

    /** The event that puts a reviewer's public key in the log (with its proof of possession). */
    public static AuditEvent keyAdded(String reviewer, NoteKey key) {
        return keyAddedEvent(reviewer, key).build();
    }

    private static AuditEvent.Builder keyAddedEvent(String reviewer, NoteKey key) {
        return AuditEvent.of(AuditEventType.REVIEWER_KEY_ADDED, Actor.human(reviewer))
                .with("reviewer", reviewer)
                .with("key", keyId(key.publicKey()))
                .with("publicKey", Base64.getEncoder().encodeToString(key.publicKey()))
                .with("proof", Base64.getEncoder().encodeToString(key.sign(keyProofStatement(reviewer, key.publicKey()))));
    }

    /** The event that puts a reviewer's further key in the log, endorsed by {@code endorser}'s registered key. */
    public static AuditEvent keyAdded(String reviewer, NoteKey key, String endorser, NoteKey endorserKey) {
        Map<String, Object> endorsement = new LinkedHashMap<>();
        endorsement.put("by", endorser);
        endorsement.put("key", keyId(endorserKey.publicKey()));
        endorsement.put("sig", Base64.getEncoder().encodeToString(endorserKey.sign(endorsementStatement(reviewer, key.publicKey()))));
        return keyAddedEvent(reviewer, key).with("endorsement", endorsement).build();
    }

    /** The event from which every human decision must be signed. */
    public static AuditEvent required() {
        return AuditEvent.of(AuditEventType.DECISIONS_SIGNED, Actor.SYSTEM)
                .with("statement", "countersign-decision/v1")
                .build();
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The reviewer keys and the signing rule as the log states them up to some entry: fed every
     * entry in order ({@link #accept}), it says what is wrong with a decision entry, if anything.
     */
    public static final class Keyring {
        private record Registered(long seq, NoteKey key) {
        }

        private final Map<String, Map<String, Registered>> keys = new HashMap<>();
        /** Signatures met so far (a log read in order): one decision's signature copied into another is refused. */
        private final java.util.Set<String> seen = new java.util.HashSet<>();
        /** Decisions before this entry were made before decisions were signed (0: none). */
        private long legacyBefore;
        private long checked;

        public Keyring() {
            this(0);
        }

        /**
         * @param legacyBefore where the log's {@code audit.decisions-signed} entry stands (0 when it has
         *                     none), known before the entries are fed: the unsigned decisions it excuses come before it
         */
        public Keyring(long legacyBefore) {
            this.legacyBefore = legacyBefore;
        }

        /** Signed decisions checked so far. */
        public long checked() {
            return checked;
        }

        /** The reviewer's registered key with this id, if any. */
        public Optional<NoteKey> key(String reviewer, String keyId) {
            return Optional.ofNullable(keys.getOrDefault(reviewer, Map.of()).get(keyId)).map(Registered::key);
        }

        /**
         * Takes in one entry (parsed) in log order: registers keys and the signing rule, and checks
         * decisions. Returns null, or what is wrong with the entry.
         */
        public String accept(long seq, JsonNode event) {
            String type = event.path("type").asText();
            if (type.equals(AuditEventType.DECISIONS_SIGNED.wireName())) {
                if (!keys.isEmpty() || checked > 0 || legacyBefore != 0 && legacyBefore != seq) {
                    return "a second start of signed decisions, after signed decisions or registered keys (it would excuse "
                            + "unsigned decisions before it)";
                }
                legacyBefore = seq;
                return null;
            }
            if (type.equals(AuditEventType.REVIEWER_KEY_ADDED.wireName())) {
                return register(seq, event);
            }
            if (type.equals(AuditEventType.DRAFT_APPROVED.wireName()) || type.equals(AuditEventType.DRAFT_REJECTED.wireName())) {
                if (!event.path("actor").path("kind").asText().equals("human")) {
                    return null; // auto-send approvals name their rule; the device's checkpoint signatures cover them
                }
                if (seq < legacyBefore && !event.has("signature")) {
                    return null; // decided before decisions were signed
                }
                String problem = problem(event, seq);
                if (problem == null && !seen.add(event.path("signature").path("sig").asText())) {
                    problem = "the decision on draft " + event.path("draftId").asText() + " repeats the signature of an earlier decision";
                }
                if (problem == null) {
                    checked++;
                }
                return problem;
            }
            return null;
        }

        private String register(long seq, JsonNode event) {
            String reviewer = event.path("reviewer").asText();
            if (!reviewer.equals(event.path("actor").path("id").asText()) || !event.path("actor").path("kind").asText().equals("human")) {
                return "a reviewer key entry for '" + reviewer + "' made by someone else";
            }
            byte[] pub;
            try {
                pub = Base64.getDecoder().decode(event.path("publicKey").asText());
            } catch (IllegalArgumentException e) {
                return "the reviewer key of '" + reviewer + "' is not base64";
            }
            if (pub.length != 32) {
                return "the reviewer key of '" + reviewer + "' is " + pub.length + " bytes, not an Ed25519 key";
            }
            String id = keyId(pub);
            if (!id.equals(event.path("key").asText())) {
                return "the reviewer key of '" + reviewer + "' is named " + event.path("key").asText() + " but its id is " + id;
            }
            NoteKey key = NoteKey.verifierOnly(KEY_NAME, pub);
            byte[] proof;
            try {
                proof = Base64.getDecoder().decode(event.path("proof").asText());
            } catch (IllegalArgumentException e) {
                proof = new byte[0];
            }
            if (!key.verify(keyProofStatement(reviewer, pub), proof)) {
                return "the reviewer key " + id + " of '" + reviewer + "' has no valid proof of possession";
            }
            Map<String, Registered> earlier = keys.getOrDefault(reviewer, Map.of());
            if (!earlier.isEmpty() && !earlier.containsKey(id)) {
                String problem = endorsementProblem(seq, reviewer, id, pub, event.get("endorsement"));
                if (problem != null) {
                    return problem;
                }
            }
            keys.computeIfAbsent(reviewer, r -> new HashMap<>()).putIfAbsent(id, new Registered(seq, key));
            return null;
        }

        private String endorsementProblem(long seq, String reviewer, String id, byte[] pub, JsonNode endorsement) {
            String what = "a further signing key (" + id + ") for '" + reviewer + "'";
            String consequence = ": it is not registered, so nothing signed with it verifies";
            if (endorsement == null || !endorsement.isObject()) {
                return what + " without an endorsement by a key the log registered before it (the reviewer's earlier key, "
                        + "or another reviewer's)" + consequence;
            }
            String by = endorsement.path("by").asText();
            String keyId = endorsement.path("key").asText();
            Registered endorser = keys.getOrDefault(by, Map.of()).get(keyId);
            if (endorser == null || endorser.seq() >= seq) {
                return what + " endorsed by '" + by + "' with key " + keyId + ", which the log did not register for them before"
                        + consequence;
            }
            byte[] sig;
            try {
                sig = Base64.getDecoder().decode(endorsement.path("sig").asText());
            } catch (IllegalArgumentException e) {
                sig = new byte[0];
            }
            if (!endorser.key().verify(endorsementStatement(reviewer, pub), sig)) {
                return what + " whose endorsement by '" + by + "' does not verify" + consequence;
            }
            return null;
        }

        /**
         * What is wrong with the signature of the human decision at {@code seq}, or null when it
         * verifies with a key the log registered for its reviewer before it.
         */
        public String problem(JsonNode event, long seq) {
            String type = event.path("type").asText();
            String decision = type.equals(AuditEventType.DRAFT_APPROVED.wireName()) ? "approved" : "rejected";
            String reviewer = event.path("actor").path("id").asText();
            String draft = event.path("draftId").asText();
            String what = "the " + (decision.equals("approved") ? "approval" : "rejection") + " of draft " + draft + " by " + reviewer;
            JsonNode sig = event.get("signature");
            if (sig == null || !sig.isObject()) {
                return what + " is not signed" + (seq < legacyBefore ? " (made before decisions were signed)"
                        : " (every decision by a person carries the reviewer's signature)");
            }
            if (!ALG.equals(sig.path("alg").asText())) {
                return what + " is signed with '" + sig.path("alg").asText() + "', not " + ALG;
            }
            String keyId = sig.path("key").asText();
            Registered registered = keys.getOrDefault(reviewer, Map.of()).get(keyId);
            if (registered == null || registered.seq() >= seq) {
                return what + " is signed with key " + keyId + ", which the log " + (registered == null ? "never registered"
                        : "registered only later (entry " + registered.seq() + ")") + " for " + reviewer;
            }
            Optional<NoteKey> key = Optional.of(registered.key());
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(sig.path("sig").asText());
            } catch (IllegalArgumentException e) {
                return what + " has a signature that is not base64";
            }
            if (!key.get().verify(Decision.of(event).statement(), bytes)) {
                return what + " has a signature that does not verify: the entry was forged or changed after " + reviewer + " signed it";
            }
            // A signature copied from an earlier entry verifies too: its signing time gives it away.
            String decidedAt = sig.path("signedAt").asText("");
            String ts = event.path("ts").asText("");
            try {
                java.time.Instant signed = java.time.Instant.parse(decidedAt);
                if (!ts.isEmpty() && java.time.Duration.between(signed, java.time.Instant.parse(ts)).abs().compareTo(RECORDED_WITHIN) > 0) {
                    return what + " was signed at " + decidedAt + " but recorded at " + ts + ": a signature copied from an earlier decision";
                }
            } catch (java.time.format.DateTimeParseException e) {
                return what + " has no valid signing time (signature.signedAt)";
            }
            return null;
        }
    }
}
