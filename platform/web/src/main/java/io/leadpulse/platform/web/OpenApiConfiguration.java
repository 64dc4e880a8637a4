package io.leadpulse.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Each service's OpenAPI document names the service and its bearer-token scheme. The server URL is
 * relative, so "Try it out" in the gateway's Swagger UI calls through the gateway.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(OpenAPI.class)
class OpenApiConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OpenAPI leadpulseOpenApi(@Value("${spring.application.name:service}") String service) {
        return new OpenAPI()
                .info(new Info()
                        .title("LeadPulse " + service)
                        .version("v1")
                        .description("Called through the gateway; errors are RFC 9457 problem+json."))
                .addServersItem(new Server().url("/").description("the gateway"))
                .components(new Components()
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
