package io.leadpulse.messaging.email;

import java.time.LocalDate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class EmailSenderRepository {

    record Day(LocalDate firstDay, LocalDate day, int sent) {}

    private final JdbcClient jdbc;

    EmailSenderRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The sender's counter, created on its first send, locked until the transaction ends. */
    Day lock(String sender, LocalDate today) {
        jdbc.sql("""
                        insert into email_sender (sender, first_day, day, sent) values (?, ?, ?, 0)
                        on conflict do nothing
                        """).params(sender, today, today).update();
        return jdbc.sql("select first_day, day, sent from email_sender where sender = ? for update")
                .param(sender)
                .query((rs, row) -> new Day(
                        rs.getObject("first_day", LocalDate.class),
                        rs.getObject("day", LocalDate.class),
                        rs.getInt("sent")))
                .single();
    }

    void count(String sender, LocalDate today) {
        jdbc.sql("""
                        update email_sender set sent = case when day = ? then sent + 1 else 1 end, day = ?
                        where sender = ?
                        """).params(today, today, sender).update();
    }
}
