package io.leadpulse.notification.sms;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import io.leadpulse.notification.NotificationSettings;

/** Sends through Twilio's Messages API with the official SDK, at the configured base URL. */
final class TwilioSmsGateway implements SmsGateway {

    private final TwilioRestClient client;

    TwilioSmsGateway(NotificationSettings.Sms settings) {
        this.client = new TwilioRestClient.Builder(settings.accountSid(), settings.authToken())
                .httpClient(new BaseUrlHttpClient(settings.apiBaseUrl()))
                .build();
    }

    @Override
    public String send(String to, String from, String body) {
        try {
            return Message.creator(new PhoneNumber(to), new PhoneNumber(from), body)
                    .create(client)
                    .getSid();
        } catch (ApiConnectionException e) {
            throw new Unavailable(e.getMessage(), e);
        } catch (ApiException e) {
            Integer status = e.getStatusCode();
            // 401: our credentials, not this text, are wrong; retried (and alerting on
            // notification.sms{result=retry}) rather than dropping every text until someone notices
            if (status == null || status >= 500 || status == 429 || status == 401) {
                throw new Unavailable("Twilio answered " + status, e);
            }
            throw new Refused(e.getCode(), "Twilio refused the message: " + status + " code " + e.getCode());
        }
    }
}
