package io.leadpulse.platform.web.overload;

import io.leadpulse.platform.web.problem.ProblemResponses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sheds load before it takes the service down (ADR 0031). At most {@code maxInFlight} requests are
 * handled at once; one more waits up to {@code maxQueueWait} for a slot, in arrival order, and then
 * gets 503 problem+json with {@code Retry-After}, its body unread.
 *
 * <p>With virtual threads nothing else bounds how many requests a servlet service holds. Under a
 * flood each request waited up to 30 s for a pooled database connection while it held its body,
 * its parsed payload and its spans, until the heap ran out and threads that never come back (the
 * Tomcat acceptor, the Kafka producer's I/O thread) died. A webhook sender that gets 503 sends
 * again later; one that gets a timeout or a dead service also sends again, but only after every
 * other request has suffered too.
 *
 * <p>Health and metrics ({@code /actuator/**}) are never shed, so operators see an overloaded
 * service as overloaded, not as gone. One log line per second at most says how many were refused.
 */
public class InFlightLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(InFlightLimitFilter.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ProblemResponses problems;
    private final Semaphore slots;
    private final int maxInFlight;
    private final long maxQueueWaitNanos;
    private final Counter shed;
    private final AtomicLong shedSinceLastLine = new AtomicLong();
    private final AtomicLong lastLine = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    public InFlightLimitFilter(
            ProblemResponses problems, int maxInFlight, Duration maxQueueWait, MeterRegistry meters) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("leadpulse.web.max-in-flight must be at least 1, was " + maxInFlight);
        }
        this.problems = problems;
        this.maxInFlight = maxInFlight;
        this.slots = new Semaphore(maxInFlight, true);
        this.maxQueueWaitNanos = maxQueueWait.toNanos();
        this.shed = Counter.builder("leadpulse.http.shed")
                .description("Requests refused with 503 because the service was at its in-flight limit")
                .register(meters);
        Gauge.builder("leadpulse.http.in.flight", this, InFlightLimitFilter::inFlight)
                .description("Requests being handled now (leadpulse.web.max-in-flight at most)")
                .register(meters);
    }

    /** Requests holding a slot now. */
    public int inFlight() {
        return maxInFlight - slots.availablePermits();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/actuator/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean admitted;
        try {
            admitted = slots.tryAcquire(maxQueueWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            refuse(response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            slots.release();
        }
    }

    private void refuse(HttpServletResponse response) throws IOException {
        shed.increment();
        long refused = shedSinceLastLine.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLine.get();
        if (now - last >= LOG_EVERY_NANOS && lastLine.compareAndSet(last, now)) {
            log.warn(
                    "overloaded: refused {} requests with 503 since the last line ({} in flight, the limit)",
                    refused,
                    maxInFlight);
            shedSinceLastLine.addAndGet(-refused);
        }
        response.setHeader("Retry-After", "1");
        problems.write(
                response,
                HttpStatus.SERVICE_UNAVAILABLE,
                "Service busy",
                "The service is handling as many requests as it can; nothing of this one was read or stored."
                        + " Send it again after the Retry-After delay.",
                null);
    }
}
