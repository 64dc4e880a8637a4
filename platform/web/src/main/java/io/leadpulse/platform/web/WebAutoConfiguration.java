package io.leadpulse.platform.web;

import io.leadpulse.platform.web.logging.RequestLogFilter;
import io.leadpulse.platform.web.overload.InFlightLimitFilter;
import io.leadpulse.platform.web.problem.BodySizeLimitFilter;
import io.leadpulse.platform.web.problem.ProblemDetailsAdvice;
import io.leadpulse.platform.web.problem.ProblemResponses;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/** Problem details, request logging, load shedding and body limits for every servlet service. */
@AutoConfiguration
@EnableConfigurationProperties(WebProperties.class)
@Import({ProblemDetailsAdvice.class, OpenApiConfiguration.class})
public class WebAutoConfiguration {

    @Bean
    ProblemResponses problemResponses(JsonMapper mapper) {
        return new ProblemResponses(mapper);
    }

    @Bean
    FilterRegistrationBean<InFlightLimitFilter> inFlightLimitFilter(
            WebProperties properties, ProblemResponses problems, ObjectProvider<MeterRegistry> meters) {
        FilterRegistrationBean<InFlightLimitFilter> registration = new FilterRegistrationBean<>(new InFlightLimitFilter(
                problems,
                properties.maxInFlight(),
                properties.maxQueueWait(),
                meters.getIfAvailable(SimpleMeterRegistry::new)));
        // First of all: a request refused for overload costs no observation, no span, no log line of its own.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestLogFilter> requestLogFilter() {
        FilterRegistrationBean<RequestLogFilter> registration = new FilterRegistrationBean<>(new RequestLogFilter());
        // After the tracing filter (so the trace id is in the MDC), before security.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(
            WebProperties properties, ProblemResponses problems) {
        FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(new BodySizeLimitFilter(
                problems, properties.maxBodySize(), properties.maxUploadSize(), properties.largeBodyPaths()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
