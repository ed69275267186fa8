package io.countersign.adapters.persistence.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The queue lists rows, not documents: the lead's display name and company become columns (filled
 * from each stored draft's JSON here), so listing 100,000 drafts never parses a document.
 */
public final class V6__Queue_row_columns extends BaseJavaMigration {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement alter = context.getConnection().createStatement()) {
            // IF NOT EXISTS: H2 commits DDL at once, so a run cut short before Flyway recorded it can be redone.
            alter.execute("ALTER TABLE draft ADD COLUMN IF NOT EXISTS lead_name CHARACTER VARYING(1000000000)");
            alter.execute("ALTER TABLE draft ADD COLUMN IF NOT EXISTS lead_company CHARACTER VARYING(1000000000)");
        }
        try (Statement select = context.getConnection().createStatement();
             ResultSet rs = select.executeQuery("SELECT id, doc FROM draft");
             PreparedStatement update = context.getConnection().prepareStatement(
                     "UPDATE draft SET lead_name = ?, lead_company = ? WHERE id = ?")) {
            int n = 0;
            while (rs.next()) {
                JsonNode lead = JSON.readTree(rs.getString("doc")).path("lead");
                String name = lead.path("name").asText("");
                update.setString(1, name.isBlank() ? lead.path("id").asText("") : name);
                update.setString(2, lead.path("company").asText(""));
                update.setString(3, rs.getString("id"));
                update.addBatch();
                if (++n % 1000 == 0) {
                    update.executeBatch();
                }
            }
            update.executeBatch();
        }
    }
}
