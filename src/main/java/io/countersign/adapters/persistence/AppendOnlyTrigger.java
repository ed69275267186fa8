package io.countersign.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/** Database-level guard: any UPDATE or DELETE of an audit row fails, whoever issues it. */
public final class AppendOnlyTrigger implements Trigger {

    private String table = "audit_entry";

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before, int type) {
        this.table = tableName;
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException("The audit log is append-only: rows of " + table + " cannot be changed or deleted",
                "42000");
    }
}
