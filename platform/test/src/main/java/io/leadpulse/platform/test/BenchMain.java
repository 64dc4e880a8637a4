package io.leadpulse.platform.test;

import java.util.LinkedHashMap;
import java.util.Map;

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
}
