package io.leadpulse.gateway.bodysize;

import io.leadpulse.gateway.GatewaySettings;
import io.leadpulse.gateway.problem.Problem;
import io.leadpulse.gateway.problem.Problems;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses bodies over the limit with 413 before anything is forwarded when Content-Length tells the size; a chunked
 * body is counted as it streams and the exchange fails with 413 as soon as it passes the limit (the bytes already
 * streamed have reached the service, which sees an aborted request). The bytes themselves are never altered.
 */
@Component
class BodySizeLimitFilter implements WebFilter, Ordered {

    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 30;

    private final DataSize maxBodySize;
    private final DataSize maxUploadSize;
    private final List<PathPattern> largeBodyPaths;
    private final Problems problems;

    BodySizeLimitFilter(GatewaySettings settings, Problems problems) {
        this.maxBodySize = settings.maxBodySize();
        this.maxUploadSize = settings.maxUploadSize();
        this.largeBodyPaths = settings.largeBodyPaths().stream()
                .map(PathPatternParser.defaultInstance::parse)
                .toList();
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        DataSize limit = limitFor(request.getPath().pathWithinApplication());
        long declared = request.getHeaders().getContentLength();
        if (declared > limit.toBytes()) {
            return problems.write(exchange, tooLarge(declared + " bytes", limit));
        }
        if (declared < 0 && request.getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            ServerHttpRequest counted = new CountingRequest(request, limit);
            return chain.filter(exchange.mutate().request(counted).build());
        }
        return chain.filter(exchange);
    }

    private DataSize limitFor(PathContainer path) {
        return largeBodyPaths.stream().anyMatch(pattern -> pattern.matches(path)) ? maxUploadSize : maxBodySize;
    }

    static Problem tooLarge(String size, DataSize limit) {
        return Problem.of(
                HttpStatus.CONTENT_TOO_LARGE,
                "payload-too-large",
                "The request body (" + size + ") is larger than the " + describe(limit) + " this path accepts.");
    }

    static String describe(DataSize size) {
        long bytes = size.toBytes();
        if (bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
            return size.toMegabytes() + " MB";
        }
        if (bytes % DataSize.ofKilobytes(1).toBytes() == 0) {
            return size.toKilobytes() + " KB";
        }
        return bytes + " bytes";
    }

    private static final class CountingRequest extends ServerHttpRequestDecorator {

        private final DataSize limit;

        CountingRequest(ServerHttpRequest delegate, DataSize limit) {
            super(delegate);
            this.limit = limit;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return Flux.defer(() -> {
                AtomicLong seen = new AtomicLong();
                return super.getBody().handle((buffer, sink) -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > limit.toBytes()) {
                        DataBufferUtils.release(buffer);
                        sink.error(new ResponseStatusException(
                                HttpStatus.CONTENT_TOO_LARGE,
                                tooLarge("more than " + describe(limit), limit).detail()));
                    } else {
                        sink.next(buffer);
                    }
                });
            });
        }
    }
}
