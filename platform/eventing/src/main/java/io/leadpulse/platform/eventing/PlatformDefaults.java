package io.leadpulse.platform.eventing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Properties;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/**
 * The conventions every service shares (actuator exposure, probes, tracing, Kafka observation),
 * read from {@code META-INF/leadpulse-defaults/*.properties} on the classpath and added with the
 * lowest precedence, so a service's application.yml or the environment can override any of them.
 */
public class PlatformDefaults implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "leadpulse-platform-defaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Properties defaults = new Properties();
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:META-INF/leadpulse-defaults/*.properties");
            Arrays.sort(resources, Comparator.comparing(Resource::getFilename));
            for (Resource resource : resources) {
                defaults.putAll(PropertiesLoaderUtils.loadProperties(resource));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read platform defaults", e);
        }
        environment.getPropertySources().addLast(new PropertiesPropertySource(SOURCE_NAME, defaults));
    }
}
