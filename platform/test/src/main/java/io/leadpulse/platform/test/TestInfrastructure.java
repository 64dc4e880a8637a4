package io.leadpulse.platform.test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real PostgreSQL and one real Kafka broker per test JVM, started on first use and shared by
 * every Spring context in it. Where Docker runs, Testcontainers provides them; elsewhere embedded
 * servers do (zonky's PostgreSQL binaries and spring-kafka-test's KRaft broker). Override with the
 * system property or environment variable {@code LEADPULSE_TEST_INFRA=embedded|containers}.
 */
public final class TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);
    private static volatile TestInfrastructure instance;

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final String kafkaBootstrapServers;

    private TestInfrastructure(String jdbcUrl, String username, String password, String kafkaBootstrapServers) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
    }

    public static TestInfrastructure get() {
        TestInfrastructure current = instance;
        if (current == null) {
            synchronized (TestInfrastructure.class) {
                current = instance;
                if (current == null) {
                    current = useContainers() ? startContainers() : startEmbedded();
                    instance = current;
                }
            }
        }
        return current;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** The Spring properties that point a service at this infrastructure. */
    public Map<String, Object> springProperties() {
        return Map.of(
                "spring.datasource.url", jdbcUrl,
                "spring.datasource.username", username,
                "spring.datasource.password", password,
                "spring.kafka.bootstrap-servers", kafkaBootstrapServers,
                "spring.kafka.consumer.auto-offset-reset", "earliest");
    }

    private static boolean useContainers() {
        String choice = System.getProperty("LEADPULSE_TEST_INFRA", System.getenv("LEADPULSE_TEST_INFRA"));
        if ("embedded".equalsIgnoreCase(choice)) {
            return false;
        }
        if ("containers".equalsIgnoreCase(choice)) {
            return true;
        }
        boolean dockerConfigured = System.getenv("DOCKER_HOST") != null
                || java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"));
        if (!dockerConfigured) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static TestInfrastructure startEmbedded() {
        long started = System.nanoTime();
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 3);
        kafka.brokerProperties(Map.of("group.initial.rebalance.delay.ms", "0"));
        kafka.afterPropertiesSet();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            kafka.destroy();
                            try {
                                postgres.close();
                            } catch (IOException ignored) {
                                // the JVM is going away; the OS reclaims the rest
                            }
                        },
                        "test-infrastructure-stop"));
        log.info(
                "embedded test infrastructure up in {} ms: postgres port {}, kafka {}",
                (System.nanoTime() - started) / 1_000_000,
                postgres.getPort(),
                kafka.getBrokersAsString());
        return new TestInfrastructure(
                postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", kafka.getBrokersAsString());
    }

    private static TestInfrastructure startContainers() {
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:18-alpine");
        KafkaContainer kafka = new KafkaContainer("apache/kafka-native:4.1.1");
        postgres.start();
        kafka.start();
        log.info(
                "Testcontainers test infrastructure up: {} and {}", postgres.getJdbcUrl(), kafka.getBootstrapServers());
        return new TestInfrastructure(
                postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(), kafka.getBootstrapServers());
    }
}
