package io.countersign.adapters.persistence;

import io.countersign.core.audit.AuditVerifier;
import java.nio.file.Path;

/** For tests outside this package that play an insider: write the durable head beside a workspace's database. */
public final class TestHeads {

    private TestHeads() {
    }

    public static void write(Path workspace, AuditVerifier.Head head) {
        new AuditHeadFile(workspace.resolve("audit.head")).write(head);
    }
}
