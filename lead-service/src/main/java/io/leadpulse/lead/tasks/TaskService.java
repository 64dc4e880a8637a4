package io.leadpulse.lead.tasks;

import io.leadpulse.lead.leads.Assignees;
import io.leadpulse.lead.leads.Lead;
import io.leadpulse.lead.leads.LeadAudience;
import io.leadpulse.lead.leads.LeadService;
import io.leadpulse.lead.timeline.Timeline;
import io.leadpulse.platform.eventing.outbox.Outbox;
import io.leadpulse.platform.events.LeadEvent;
import io.leadpulse.platform.events.RealtimeMessage;
import io.leadpulse.platform.web.problem.ApiProblem;
import io.leadpulse.platform.web.security.CurrentUser;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, completes and lists tasks on leads. Who may see and complete one: an ADMIN of the
 * organisation, its assignee, and whoever may see its lead. Each change goes with its event, its
 * realtime message and a timeline entry in one transaction.
 */
@Service
public class TaskService {

    private static final Logger log = LoggerFactory.getLogger(TaskService.class);

    private final TaskRepository tasks;
    private final LeadService leads;
    private final Assignees assignees;
    private final LeadAudience audience;
    private final Outbox outbox;
    private final Timeline timeline;

    TaskService(
            TaskRepository tasks,
            LeadService leads,
            Assignees assignees,
            LeadAudience audience,
            Outbox outbox,
            Timeline timeline) {
        this.tasks = tasks;
        this.leads = leads;
        this.assignees = assignees;
        this.audience = audience;
        this.outbox = outbox;
        this.timeline = timeline;
    }

    @Transactional
    public LeadTask create(CurrentUser actor, UUID leadId, String title, Instant dueAt, UUID assigneeId) {
        Lead lead = leads.find(actor, leadId).orElseThrow(() -> ApiProblem.notFound("Lead " + leadId));
        UUID assignee = assignees.resolve(actor, assigneeId, lead.assigneeId());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        LeadTask task = new LeadTask(
                UUID.randomUUID(),
                actor.orgId(),
                lead.id(),
                title.trim(),
                dueAt.truncatedTo(ChronoUnit.MICROS),
                assignee,
                actor.id(),
                now,
                null,
                null);
        tasks.insert(task);
        outbox.publish(new LeadEvent.TaskCreated(
                task.orgId(),
                task.leadId(),
                task.id(),
                task.assigneeId(),
                task.title(),
                task.dueAt(),
                actor.id(),
                now));
        outbox.publish(RealtimeMessage.of(task.orgId(), channels(lead, task), "lead.task_created", task));
        timeline.record(
                task.orgId(),
                task.leadId(),
                "lead.task_created",
                actor.id(),
                now,
                Map.of(
                        "taskId", task.id().toString(),
                        "title", task.title(),
                        "dueAt", task.dueAt().toString(),
                        "assigneeId", task.assigneeId().toString()));
        log.info("task created: task={} lead={} org={} assignee={}", task.id(), task.leadId(), task.orgId(), assignee);
        return task;
    }

    /** Completes the task; completing a done task changes nothing and publishes nothing. */
    @Transactional
    public LeadTask complete(CurrentUser actor, UUID id) {
        LeadTask task = find(actor, id).orElseThrow(() -> ApiProblem.notFound("Task " + id));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (!tasks.complete(actor.orgId(), id, actor.id(), now)) {
            return tasks.find(actor.orgId(), id).orElseThrow();
        }
        LeadTask done = tasks.find(actor.orgId(), id).orElseThrow();
        Lead lead = leads.findInOrg(done.orgId(), done.leadId()).orElseThrow();
        outbox.publish(new LeadEvent.TaskCompleted(done.orgId(), done.leadId(), done.id(), actor.id(), now));
        outbox.publish(RealtimeMessage.of(done.orgId(), channels(lead, done), "lead.task_completed", done));
        timeline.record(
                done.orgId(),
                done.leadId(),
                "lead.task_completed",
                actor.id(),
                now,
                Map.of("taskId", done.id().toString(), "title", done.title()));
        log.info("task completed: task={} lead={} org={} by={}", id, done.leadId(), done.orgId(), actor.id());
        return done;
    }

    @Transactional(readOnly = true)
    public Optional<LeadTask> find(CurrentUser actor, UUID id) {
        return tasks.find(actor.orgId(), id)
                .filter(task -> actor.isAdmin()
                        || actor.id().equals(task.assigneeId())
                        || leads.find(actor, task.leadId()).isPresent());
    }

    @Transactional(readOnly = true)
    public Optional<List<LeadTask>> forLead(CurrentUser actor, UUID leadId) {
        return leads.find(actor, leadId).map(lead -> tasks.forLead(actor.orgId(), lead.id()));
    }

    /**
     * The actor's tasks ({@code scope=mine}), or for an ADMIN the organisation's ({@code org}) or
     * one user's ({@code assigneeId}); {@code status} open, overdue, done or all.
     */
    @Transactional(readOnly = true)
    public List<LeadTask> list(CurrentUser actor, String scope, UUID assigneeId, String status, int limit) {
        TaskRepository.Filter filter;
        try {
            filter = TaskRepository.Filter.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidField("status", "must be open, overdue, done or all");
        }
        UUID assignee;
        switch (scope) {
            case "mine" -> assignee = assigneeId == null ? actor.id() : assigneeId;
            case "org" -> {
                if (!actor.isAdmin()) {
                    throw ApiProblem.invalidField("scope", "only an admin sees the whole organisation's tasks");
                }
                assignee = null;
            }
            default -> throw ApiProblem.invalidField("scope", "must be mine or org");
        }
        if (!actor.isAdmin() && !assignee.equals(actor.id())) {
            throw ApiProblem.invalidField("assigneeId", "a rep sees only its own tasks");
        }
        return tasks.list(actor.orgId(), assignee, filter, Instant.now(), limit);
    }

    private List<String> channels(Lead lead, LeadTask task) {
        return audience.forOrg(task.orgId()).channels(task.leadId(), lead.assigneeId(), task.assigneeId());
    }
}
