package io.leadpulse.enrichment.integrations.sync;

import io.leadpulse.enrichment.integrations.connections.Connection;
import io.leadpulse.enrichment.integrations.connections.Connections;
import io.leadpulse.platform.web.security.CurrentUser;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A connection's sync status and progress per data type (members of its org; another org's is 404). */
@RestController
class SyncController {

    private final Connections connections;
    private final SyncStatus status;

    SyncController(Connections connections, SyncStatus status) {
        this.connections = connections;
        this.status = status;
    }

    record SyncView(UUID connectionId, String provider, String connectionStatus, List<SyncStatus.View> sync) {}

    @GetMapping("/api/integrations/{id}/sync")
    SyncView sync(CurrentUser user, @PathVariable UUID id) {
        Connection connection = connections.visibleTo(user, id);
        return new SyncView(connection.id(), connection.provider(), connection.status(), status.of(id));
    }
}
