package io.leadpulse.realtime.auth;

import io.leadpulse.realtime.RealtimeProperties;
import io.leadpulse.realtime.protocol.PusherSignatures;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Channel authorisation, with lead-service asked over HTTP about leads. */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

    private static final Duration LEAD_SERVICE_TIMEOUT = Duration.ofSeconds(3);

    @Bean
    LeadAccess leadAccess(RealtimeProperties properties) {
        WebClient client = WebClient.builder()
                .baseUrl(properties.leadServiceUrl().toString())
                .build();
        return (leadId, authorization) -> client.get()
                .uri("/api/leads/{id}", leadId)
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .exchangeToMono(response -> {
                    int status = response.statusCode().value();
                    Mono<Void> drained = response.releaseBody();
                    if (status == 200) {
                        return drained.thenReturn(true);
                    }
                    if (status == 403 || status == 404) {
                        return drained.thenReturn(false);
                    }
                    return drained.then(Mono.error(new IllegalStateException("lead-service answered " + status)));
                })
                .timeout(LEAD_SERVICE_TIMEOUT);
    }

    @Bean
    ChannelAuthorizer channelAuthorizer(PusherSignatures signatures, LeadAccess leads, JsonMapper realtimeJson) {
        return new ChannelAuthorizer(signatures, leads, realtimeJson);
    }
}
