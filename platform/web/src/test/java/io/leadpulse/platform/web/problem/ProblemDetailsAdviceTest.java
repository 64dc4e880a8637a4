package io.leadpulse.platform.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.method.annotation.ExceptionHandlerMethodResolver;

class ProblemDetailsAdviceTest {

    private final ProblemDetailsAdvice advice = new ProblemDetailsAdvice();

    @Test
    void accessDeniedInsideAControllerIs403NotTheCatchAll500() throws Exception {
        Method chosen = new ExceptionHandlerMethodResolver(ProblemDetailsAdvice.class)
                .resolveMethod(new AccessDeniedException("method security said no"));

        ProblemDetail problem = (ProblemDetail) chosen.invoke(advice, new AccessDeniedException("no"));

        assertThat(problem.getStatus()).isEqualTo(403);
        assertThat(problem.getType().toString()).isEqualTo("urn:leadpulse:problem:forbidden");
        assertThat(problem.getDetail()).doesNotContain("method security");
    }

    @Test
    void anUnexpectedErrorIs500WithoutItsMessage() throws Exception {
        Method chosen = new ExceptionHandlerMethodResolver(ProblemDetailsAdvice.class)
                .resolveMethod(new IllegalStateException("password=hunter2"));

        ProblemDetail problem = (ProblemDetail) chosen.invoke(advice, new IllegalStateException("password=hunter2"));

        assertThat(problem.getStatus()).isEqualTo(500);
        assertThat(problem.getDetail()).doesNotContain("hunter2");
    }
}
