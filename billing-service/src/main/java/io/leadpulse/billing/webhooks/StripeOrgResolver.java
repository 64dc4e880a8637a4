package io.leadpulse.billing.webhooks;

import io.leadpulse.billing.directory.Directory;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Finds the organisation and lead a Stripe object belongs to: our metadata ({@code org_id},
 * {@code lead_id}) and a checkout's {@code client_reference_id} first, then the customer's
 * organisation learned from earlier events. An organisation billing has never seen is no match.
 */
@Component
public class StripeOrgResolver {

    private final Directory directory;

    StripeOrgResolver(Directory directory) {
        this.directory = directory;
    }

    /** The organisation (if matched) and the lead of the object (if one of that organisation's). */
    public record Match(UUID orgId, UUID leadId, String problem) {
        public boolean matched() {
            return orgId != null;
        }
    }

    public Match resolve(StripeEvent event) {
        String customer = event.text("customer");
        Optional<String> named =
                event.metadata("org_id").or(() -> Optional.ofNullable(event.text("client_reference_id")));
        UUID orgId;
        if (named.isPresent()) {
            Optional<UUID> parsed = StripeEvent.uuid(named.get());
            if (parsed.isEmpty()) {
                return new Match(null, null, "org_id in metadata is not an organisation id");
            }
            orgId = parsed.get();
        } else {
            Optional<UUID> ofCustomer = directory.orgOfCustomer(customer);
            if (ofCustomer.isEmpty()) {
                return new Match(null, null, "no org_id in metadata and customer " + customer + " is not linked");
            }
            orgId = ofCustomer.get();
        }
        if (!directory.isKnownOrg(orgId)) {
            return new Match(null, null, "organisation " + orgId + " is unknown to billing");
        }
        directory.rememberCustomer(customer, orgId);
        return new Match(
                orgId, event.metadata("lead_id").flatMap(StripeEvent::uuid).orElse(null), null);
    }
}
