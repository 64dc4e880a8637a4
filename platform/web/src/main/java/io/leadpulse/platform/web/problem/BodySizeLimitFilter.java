package io.leadpulse.platform.web.problem;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.util.AntPathMatcher;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses bodies over the limit with 413 before reading them (by Content-Length), and stops
 * chunked bodies that grow past it while they are read.
 */
public class BodySizeLimitFilter extends OncePerRequestFilter {

    private final ProblemResponses problems;
    private final long maxBodySize;
    private final long maxUploadSize;
    private final List<String> largeBodyPaths;
    private final AntPathMatcher matcher = new AntPathMatcher();

    public BodySizeLimitFilter(
            ProblemResponses problems, DataSize maxBodySize, DataSize maxUploadSize, List<String> largeBodyPaths) {
        this.problems = problems;
        this.maxBodySize = maxBodySize.toBytes();
        this.maxUploadSize = maxUploadSize.toBytes();
        this.largeBodyPaths = List.copyOf(largeBodyPaths);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        long limit = largeBodyPaths.stream().anyMatch(p -> matcher.match(p, path)) ? maxUploadSize : maxBodySize;
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            problems.write(
                    response,
                    HttpStatus.CONTENT_TOO_LARGE,
                    "Payload too large",
                    "The request body is larger than " + limit + " bytes.",
                    null);
            return;
        }
        chain.doFilter(declared >= 0 ? request : new LimitedRequest(request, limit), response);
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {
        private final ServletInputStream delegate;
        private final long limit;
        private long read;

        LimitedInputStream(ServletInputStream delegate, long limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws PayloadTooLargeException {
            read += n;
            if (read > limit) {
                throw new PayloadTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
