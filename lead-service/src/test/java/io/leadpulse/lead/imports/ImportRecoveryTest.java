package io.leadpulse.lead.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** An import left RUNNING by a crashed instance is marked FAILED once its progress is stale. */
class ImportRecoveryTest extends ImportTestSupport {

    @Autowired
    private ImportProcessor processor;

    @Test
    void aRunningImportWithoutProgressForStaleAfterIsMarkedFailedWithItsEvent() {
        TestOrg org = newOrg();
        UUID stale = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        insertRunning(org, stale, "now() - interval '10 minutes'");
        insertRunning(org, fresh, "now()");

        processor.failStaleImports();

        JsonNode failed = api().get("/api/leads/imports/" + stale, org.admin()).json();
        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.get("error").asString()).contains("interrupted", "SKIP_DUPLICATES");
        assertThat(failed.get("leftOut").asLong()).isEqualTo(6);
        assertThat(jdbc.sql("select count(*) from outbox where type = 'lead.import_finished' and aggregateid = ?")
                        .param(stale.toString())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(api().get("/api/leads/imports/" + fresh, org.admin())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("RUNNING");
    }

    private void insertRunning(TestOrg org, UUID id, String updatedAt) {
        jdbc.sql("insert into lead_import (id, org_id, started_by, file_name, file_path, file_size, status, delimiter,"
                        + " has_header, headers, sample, mapping, mode, total_rows, processed, created, started_at,"
                        + " updated_at) values (?, ?, ?, 'crashed.csv', '/nonexistent/crashed.csv', 100, 'RUNNING',"
                        + " ',', true, '[\"First Name\",\"Email\"]', '[]', '{\"First Name\":\"firstName\",\"Email\":\"email\"}',"
                        + " 'CREATE_ONLY', 10, 4, 4, now() - interval '20 minutes', " + updatedAt + ")")
                .params(id, org.id(), org.adminId())
                .update();
    }
}
