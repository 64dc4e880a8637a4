package io.leadpulse.messaging.email;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class EmailReportRepository {

    private final JdbcClient jdbc;

    EmailReportRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** False when this report was stored (and applied) before. */
    boolean insert(String reportId, BounceReport report, String raw, Instant at, String outcome) {
        return jdbc.sql("""
                        insert into email_report (report_id, kind, message_id, address, status_code, raw, received_at,
                                                  outcome)
                        values (?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict do nothing
                        """)
                        .params(
                                reportId,
                                report.kind().name(),
                                report.messageId(),
                                report.address(),
                                report.statusCode(),
                                raw,
                                Timestamp.from(at),
                                outcome)
                        .update()
                == 1;
    }
}
