package io.leadpulse.messaging.settings;

import io.leadpulse.messaging.MessagingSettings;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Each organisation's messaging settings, with the service's defaults until an admin changes them. */
@Service
public class OrgSettings {

    private static final Logger log = LoggerFactory.getLogger(OrgSettings.class);

    private final OrgSettingsRepository repository;
    private final MessagingSettings.OrgDefaults defaults;

    OrgSettings(OrgSettingsRepository repository, MessagingSettings settings) {
        this.repository = repository;
        this.defaults = settings.orgDefaults();
    }

    public OrgMessagingSettings of(UUID orgId) {
        return repository
                .find(orgId)
                .orElseGet(() -> new OrgMessagingSettings(
                        orgId, defaults.helpReply(), defaults.quietStart(), defaults.quietEnd(), defaults.timezone()));
    }

    @Transactional
    public OrgMessagingSettings save(OrgMessagingSettings settings) {
        repository.save(settings);
        log.info("messaging settings changed: org={}", settings.orgId());
        return settings;
    }
}
