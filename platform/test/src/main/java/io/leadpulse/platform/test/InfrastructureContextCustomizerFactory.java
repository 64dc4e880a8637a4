package io.leadpulse.platform.test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Points every {@code @SpringBootTest} in a module that depends on platform-test at the JVM's one
 * PostgreSQL, Kafka broker and JWT issuer. Registered in {@code META-INF/spring.factories}, so tests
 * need no annotation; properties a test sets itself still win.
 */
public class InfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        boolean bootTest = MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
                .isPresent(SpringBootTest.class);
        return bootTest ? new InfrastructureCustomizer() : null;
    }

    private static final class InfrastructureCustomizer implements ContextCustomizer {

        private static final String NAME = "leadpulse-test-infrastructure";

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration merged) {
            Map<String, Object> properties =
                    new HashMap<>(TestInfrastructure.get().springProperties());
            properties.put(
                    "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                    TestJwtIssuer.get().jwksUri());
            properties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", TestJwtIssuer.ISSUER);
            // Before application.yml's defaults (localhost:15432...), after everything a test sets
            // itself (@SpringBootTest properties, @DynamicPropertySource, system properties).
            MutablePropertySources sources = context.getEnvironment().getPropertySources();
            MapPropertySource infrastructure = new MapPropertySource(NAME, properties);
            sources.stream()
                    .map(PropertySource::getName)
                    .filter(name -> name.startsWith("Config resource"))
                    .findFirst()
                    .ifPresentOrElse(
                            first -> sources.addBefore(first, infrastructure), () -> sources.addLast(infrastructure));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof InfrastructureCustomizer;
        }

        @Override
        public int hashCode() {
            return InfrastructureCustomizer.class.hashCode();
        }
    }
}
