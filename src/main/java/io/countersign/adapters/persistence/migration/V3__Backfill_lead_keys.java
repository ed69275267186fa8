package io.countersign.adapters.persistence.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.adapters.persistence.LeadKeys;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/** Fills the lead-key columns added in V2 for drafts stored before it, from each draft's JSON. */
public final class V3__Backfill_lead_keys extends BaseJavaMigration {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement select = context.getConnection().createStatement();
             ResultSet rs = select.executeQuery("SELECT id, doc, updated_at FROM draft WHERE updated_ms IS NULL");
             PreparedStatement update = context.getConnection().prepareStatement(
                     "UPDATE draft SET lead_id = ?, lead_email = ?, lead_linkedin = ?, updated_ms = ? WHERE id = ?")) {
            while (rs.next()) {
                JsonNode lead = JSON.readTree(rs.getString("doc")).path("lead");
                update.setString(1, lead.path("id").asText(null));
                update.setString(2, LeadKeys.email(lead.path("email").asText(null)));
                update.setString(3, LeadKeys.linkedin(lead.path("profileUrl").asText(null)));
                update.setLong(4, Instant.parse(rs.getString("updated_at")).toEpochMilli());
                update.setString(5, rs.getString("id"));
                update.addBatch();
            }
            update.executeBatch();
        }
    }
}
