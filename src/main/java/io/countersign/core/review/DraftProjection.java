package io.countersign.core.review;

import com.fasterxml.jackson.databind.JsonNode;
import io.countersign.core.audit.AuditEventType;
import io.countersign.core.audit.AuditLog;
import io.countersign.core.draft.ReviewStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The draft table is a projection of the log: each draft's status and who decided it follow from
 * its latest decision in the log (imported → pending, approved, rejected, an approval withdrawn →
 * pending), and an approved draft's text is the text its approval entry records. Checks the table
 * against the log and names each difference — a status set to approved with SQL, a reviewer or a
 * text changed beside the log, a draft with no entry at all.
 */
public final class DraftProjection {

    private DraftProjection() {
    }

    private record Expected(ReviewStatus status, String by, byte[] textHash, long seq) {
    }

    private static final int MAX_PROBLEMS = 20;

    public static List<String> verify(AuditLog log, DraftStore drafts) {
        String imported = AuditEventType.DRAFT_IMPORTED.wireName();
        String approved = AuditEventType.DRAFT_APPROVED.wireName();
        String rejected = AuditEventType.DRAFT_REJECTED.wireName();
        String cancelled = AuditEventType.SEND_CANCELLED.wireName();
        Map<String, Expected> expected = new HashMap<>();
        log.forEach(0, null, e -> {
            String t = e.type();
            if (e.draftId() == null || !(t.equals(imported) || t.equals(approved) || t.equals(rejected) || t.equals(cancelled))) {
                return true;
            }
            JsonNode j = e.json();
            if (t.equals(imported)) {
                expected.put(e.draftId(), new Expected(ReviewStatus.PENDING, "", null, e.seq()));
            } else if (t.equals(approved)) {
                String by = j.path("approvedBy").asText(e.actorId());
                expected.put(e.draftId(), new Expected(ReviewStatus.APPROVED, by,
                        hash(j.path("subject").asText(""), j.path("final").asText("")), e.seq()));
            } else if (t.equals(rejected)) {
                expected.put(e.draftId(), new Expected(ReviewStatus.REJECTED, j.path("rejectedBy").asText(e.actorId()), null, e.seq()));
            } else if ("pending".equals(j.path("draftStatus").asText())) {
                expected.put(e.draftId(), new Expected(ReviewStatus.PENDING, "", null, e.seq()));
            }
            return true;
        });
        // After an acknowledged cut, decisions recorded in the lost entries are gone from the log.
        long cutAt = log.ofType(AuditEventType.AUDIT_ACKNOWLEDGED.wireName()).stream()
                .filter(e -> e.text("row").isEmpty() && e.text("finding").contains("missing:"))
                .mapToLong(e -> {
                    try {
                        return Long.parseLong(e.text("entry"));
                    } catch (NumberFormatException notOurs) {
                        return Long.MAX_VALUE;
                    }
                }).max().orElse(-1);
        boolean cut = cutAt >= 0;
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        drafts.forEach(DraftQuery.ALL, q -> {
            seen.add(q.id());
            Expected x = expected.get(q.id());
            String problem;
            // A draft the log lost track of in an acknowledged cut: its import, or a decision after its last
            // known entry, may have been among the lost entries. Drafts with entries after the cut are checked.
            if (cut && (x == null || q.status() != x.status() && x.seq() < cutAt)) {
                problem = null;
            } else if (x == null) {
                problem = "draft " + q.id() + " is in the queue, but the log never recorded it";
            } else if (q.status() != x.status()) {
                problem = "draft " + q.id() + " is " + q.status().wireName() + " in the queue, but its latest decision in the log "
                        + "(entry " + x.seq() + ") makes it " + x.status().wireName();
            } else if (x.status() != ReviewStatus.PENDING && !Objects.equals(q.decidedBy(), x.by())) {
                problem = "draft " + q.id() + " names " + q.decidedBy() + " as its reviewer, but entry " + x.seq() + " was made by "
                        + x.by();
            } else if (x.textHash() != null && !Arrays.equals(x.textHash(), hash(q.subject(), q.body()))) {
                problem = "draft " + q.id() + "'s text is not the text approved in entry " + x.seq();
            } else {
                problem = null;
            }
            if (problem != null) {
                problems.add(problem);
            }
            return problems.size() < MAX_PROBLEMS;
        });
        if (problems.size() < MAX_PROBLEMS && !cut) {
            expected.forEach((id, x) -> {
                if (!seen.contains(id) && problems.size() < MAX_PROBLEMS) {
                    problems.add("draft " + id + " was imported (entry " + x.seq() + ") but is missing from the queue");
                }
            });
        }
        return problems;
    }

    private static byte[] hash(String subject, String body) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(subject.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(body.getBytes(StandardCharsets.UTF_8));
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
