package io.leadpulse.platform.test;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The entry point the in-JVM benchmarks share (the `run.sh` of each benchmark starts them with {@code exec:java}
 * or {@code java -cp}): options as {@code --name value} pairs, and an exit code whatever happens,
 * since the embedded Kafka and PostgreSQL of {@link TestInfrastructure} keep the JVM alive.
 */
public final class BenchMain {

    /** A benchmark: reads its options, prints its results, answers its exit code. */
    @FunctionalInterface
    public interface Bench {
        int run(Map<String, String> options) throws Exception;
    }

    private BenchMain() {}

    /** Runs {@code bench} with the options in {@code args}, then exits the JVM with its code (1 if it threw). */
    public static void run(String[] args, Bench bench) {
        int exit;
        try {
            exit = bench.run(options(args));
        } catch (Exception | Error e) {
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }

    /** {@code --name value} pairs, in order; anything else is refused. */
    public static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("options are --name value pairs, not: " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    /**
     * Starts a service on the embedded PostgreSQL and Kafka of {@link TestInfrastructure}, on a free
     * port, logging only warnings, with {@code settings} on top. Everything goes in as command-line
     * arguments, so it wins over the service's application.yml (which points at ./dev's PostgreSQL
     * on 15432): a bench never touches a suite someone else is running. Prints how long the
     * infrastructure and the service took to come up.
     */
    public static ConfigurableApplicationContext startService(Class<?> application, Map<String, Object> settings) {
        long start = System.nanoTime();
        Map<String, Object> properties =
                new LinkedHashMap<>(TestInfrastructure.get().springProperties());
        properties.put("server.port", "0");
        // One line per event at INFO is what production logs; on a console it would time the terminal.
        properties.put("logging.level.io.leadpulse", "WARN");
        properties.put("logging.level.org.apache.kafka", "WARN");
        properties.putAll(settings);
        String[] arguments = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext app = new SpringApplicationBuilder(application).run(arguments);
        System.out.printf(
                "infrastructure and %s up in %.1f s%n",
                app.getEnvironment().getProperty("spring.application.name", application.getSimpleName()),
                (System.nanoTime() - start) / 1e9);
        return app;
    }
}
