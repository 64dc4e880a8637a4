package io.leadpulse.messaging.twilio;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import io.leadpulse.messaging.MessagingSettings;
import io.leadpulse.messaging.sending.Channel;
import io.leadpulse.messaging.sending.MessageProvider;
import io.leadpulse.messaging.sending.OutgoingMessage;
import java.time.Duration;

/** Sends through Twilio's Messages API with the official SDK. */
final class TwilioMessageProvider implements MessageProvider {

    /** Twilio's limits for ValidityPeriod, in seconds. */
    private static final long MIN_VALIDITY = 1;

    private static final long MAX_VALIDITY = 36_000;

    private final TwilioRestClient client;
    private final java.util.function.Supplier<String> statusCallbackUrl;

    TwilioMessageProvider(MessagingSettings.Twilio settings, java.util.function.Supplier<String> statusCallbackUrl) {
        this.statusCallbackUrl = statusCallbackUrl;
        this.client = new TwilioRestClient.Builder(settings.accountSid(), settings.authToken())
                .httpClient(new BaseUrlHttpClient(settings.apiBaseUrl()))
                .build();
    }

    @Override
    public Accepted send(OutgoingMessage message) {
        var creator = Message.creator(new PhoneNumber(message.to()), new PhoneNumber(message.from()), message.body())
                .setStatusCallback(java.net.URI.create(statusCallbackUrl.get()));
        if (message.validity() != null) {
            Duration validity = message.validity();
            creator.setValidityPeriod((int) Math.max(MIN_VALIDITY, Math.min(MAX_VALIDITY, validity.toSeconds())));
        }
        try {
            Message created = creator.create(client);
            return new Accepted(
                    created.getSid(),
                    created.getStatus() == null ? "queued" : created.getStatus().toString());
        } catch (ApiConnectionException e) {
            throw new Unavailable(e.getMessage(), e);
        } catch (ApiException e) {
            Integer status = e.getStatusCode();
            if (status == null || status >= 500 || status == 429) {
                throw new Unavailable("Twilio answered " + status + ": " + e.getMessage(), e);
            }
            throw new Rejected(e.getCode(), e.getMessage());
        }
    }

    @Override
    public boolean handles(Channel channel) {
        return channel != Channel.EMAIL;
    }

    @Override
    public String name() {
        return "twilio";
    }
}
