package io.leadpulse.messaging.sequences;

import io.leadpulse.messaging.sending.Channel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
class SequenceRepository {

    private static final RowMapper<Step> STEP = (rs, row) -> new Step(
            rs.getInt("position"),
            Channel.valueOf(rs.getString("channel")),
            Duration.ofSeconds(rs.getLong("delay_seconds")),
            rs.getString("subject"),
            rs.getString("template"),
            days(rs.getString("allowed_days")),
            rs.getObject("allowed_from", LocalTime.class),
            rs.getObject("allowed_until", LocalTime.class));

    private static final RowMapper<Enrolment> ENROLMENT = (rs, row) -> new Enrolment(
            rs.getObject("id", UUID.class),
            rs.getObject("org_id", UUID.class),
            rs.getObject("sequence_id", UUID.class),
            rs.getObject("lead_id", UUID.class),
            Enrolment.Status.valueOf(rs.getString("status")),
            rs.getInt("next_step"),
            instant(rs, "due_at"),
            rs.getString("reason"),
            rs.getObject("enrolled_by", UUID.class),
            instant(rs, "enrolled_at"),
            Enrolment.Via.valueOf(rs.getString("enrolled_via")));

    private final JdbcClient jdbc;
    private final JsonMapper json;

    SequenceRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A sequence's rule, with what enrolling needs. */
    record Rule(UUID sequenceId, UUID createdBy, EnrolRule rule, Duration firstDelay) {}

    void insert(Sequence sequence) {
        jdbc.sql("""
                        insert into sequence (id, org_id, name, created_by, created_at, enrol_rule)
                        values (?, ?, ?, ?, ?, cast(? as jsonb))
                        """)
                .params(
                        sequence.id(),
                        sequence.orgId(),
                        sequence.name(),
                        sequence.createdBy(),
                        ts(sequence.createdAt()),
                        sequence.enrolRule() == null ? null : json.writeValueAsString(sequence.enrolRule()))
                .update();
        for (Step step : sequence.steps()) {
            jdbc.sql("""
                            insert into sequence_step (sequence_id, position, channel, delay_seconds, subject, template,
                                                       allowed_days, allowed_from, allowed_until)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """)
                    .params(
                            sequence.id(),
                            step.position(),
                            step.channel().name(),
                            step.delay().toSeconds(),
                            step.subject(),
                            step.template(),
                            step.days().stream().map(DayOfWeek::name).sorted().collect(Collectors.joining(",")),
                            step.from(),
                            step.until())
                    .update();
        }
    }

    Optional<Sequence> find(UUID orgId, UUID id) {
        return jdbc.sql("select * from sequence where id = ? and org_id = ?")
                .params(id, orgId)
                .query((rs, row) -> new Sequence(
                        rs.getObject("id", UUID.class),
                        rs.getObject("org_id", UUID.class),
                        rs.getString("name"),
                        steps(id),
                        rule(rs.getString("enrol_rule")),
                        rs.getObject("created_by", UUID.class),
                        instant(rs, "created_at")))
                .optional();
    }

    List<Sequence> list(UUID orgId) {
        return jdbc
                .sql("select id from sequence where org_id = ? order by created_at desc")
                .param(orgId)
                .query(UUID.class)
                .list()
                .stream()
                .map(id -> find(orgId, id).orElseThrow())
                .toList();
    }

    List<Step> steps(UUID sequenceId) {
        return jdbc.sql("select * from sequence_step where sequence_id = ? order by position")
                .param(sequenceId)
                .query(STEP)
                .list();
    }

    /** The organisation's sequences that enrol by rule. */
    List<Rule> rules(UUID orgId) {
        return jdbc.sql("""
                        select s.id, s.created_by, s.enrol_rule, st.delay_seconds from sequence s
                        join sequence_step st on st.sequence_id = s.id and st.position = 1
                        where s.org_id = ? and s.enrol_rule is not null
                        """)
                .param(orgId)
                .query((rs, row) -> new Rule(
                        rs.getObject("id", UUID.class),
                        rs.getObject("created_by", UUID.class),
                        rule(rs.getString("enrol_rule")),
                        Duration.ofSeconds(rs.getLong("delay_seconds"))))
                .list();
    }

    /** False when the lead is already (or was ever) enrolled in this sequence. */
    boolean enrol(Enrolment e, Instant at) {
        return jdbc.sql("""
                        insert into enrolment (id, org_id, sequence_id, lead_id, status, next_step, due_at, enrolled_by,
                                               enrolled_at, updated_at, enrolled_via)
                        values (?, ?, ?, ?, 'ACTIVE', ?, ?, ?, ?, ?, ?)
                        on conflict on constraint enrolment_sequence_lead do nothing
                        """)
                        .params(
                                e.id(),
                                e.orgId(),
                                e.sequenceId(),
                                e.leadId(),
                                e.nextStep(),
                                ts(e.dueAt()),
                                e.enrolledBy(),
                                ts(at),
                                ts(at),
                                e.via().name())
                        .update()
                == 1;
    }

    /** {@code assignee} null: every enrolment (an admin); else only those of leads assigned to it. */
    List<Enrolment> enrolments(UUID orgId, UUID sequenceId, UUID assignee) {
        return jdbc.sql("""
                        select e.* from enrolment e
                        where e.org_id = :org and e.sequence_id = :sequence
                          and (cast(:assignee as uuid) is null or exists (
                                select 1 from lead_contact l
                                where l.lead_id = e.lead_id and l.org_id = e.org_id and l.assignee_id = :assignee))
                        order by e.enrolled_at desc
                        """)
                .param("org", orgId)
                .param("sequence", sequenceId)
                .param("assignee", assignee)
                .query(ENROLMENT)
                .list();
    }

    /** Due enrolments nobody holds, locked until the transaction ends; other instances skip them. */
    List<Enrolment> lockDue(Instant now, int limit) {
        return jdbc.sql("""
                        select * from enrolment where status = 'ACTIVE' and due_at <= ?
                        order by due_at limit ? for update skip locked
                        """).params(ts(now), limit).query(ENROLMENT).list();
    }

    List<Enrolment> lockActiveOfLead(UUID orgId, UUID leadId) {
        return jdbc.sql("select * from enrolment where org_id = ? and lead_id = ? and status = 'ACTIVE' for update")
                .params(orgId, leadId)
                .query(ENROLMENT)
                .list();
    }

    void advance(UUID id, int nextStep, Instant dueAt, Instant at) {
        jdbc.sql("update enrolment set next_step = ?, due_at = ?, updated_at = ?, waiting_for = null where id = ?")
                .params(nextStep, ts(dueAt), ts(at), id)
                .update();
    }

    void reschedule(UUID id, Instant dueAt, Instant at) {
        jdbc.sql("update enrolment set due_at = ?, updated_at = ? where id = ?")
                .params(ts(dueAt), ts(at), id)
                .update();
    }

    /** The step waits for {@code what} (FIRST_LINE) until {@code until} at the latest. */
    void waitFor(UUID id, String what, Instant until, Instant at) {
        jdbc.sql("update enrolment set waiting_for = ?, due_at = ?, updated_at = ? where id = ?")
                .params(what, ts(until), ts(at), id)
                .update();
    }

    /** Steps of this lead that waited for {@code what} are due now; answers how many. */
    int wake(UUID orgId, UUID leadId, String what, Instant now) {
        return jdbc.sql("""
                        update enrolment set due_at = least(due_at, ?), waiting_for = null, updated_at = ?
                        where lead_id = ? and org_id = ? and status = 'ACTIVE' and waiting_for = ?
                        """).params(ts(now), ts(now), leadId, orgId, what).update();
    }

    void end(UUID id, Enrolment.Status status, String reason, Instant at) {
        jdbc.sql("update enrolment set status = ?, reason = ?, updated_at = ?, waiting_for = null where id = ?")
                .params(status.name(), reason, ts(at), id)
                .update();
    }

    private EnrolRule rule(String value) {
        return value == null ? null : json.readValue(value, EnrolRule.class);
    }

    private static Set<DayOfWeek> days(String value) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        Arrays.stream(value.split(","))
                .filter(s -> !s.isBlank())
                .map(DayOfWeek::valueOf)
                .forEach(days::add);
        return days;
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getTimestamp(column).toInstant();
    }
}
