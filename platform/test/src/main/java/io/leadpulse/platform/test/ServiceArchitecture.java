package io.leadpulse.platform.test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The boundaries every service keeps (STYLE.md rule 4), as ArchUnit rules. A service's test:
 *
 * <pre>
 * &#64;AnalyzeClasses(packages = "io.leadpulse.lead", importOptions = ImportOption.DoNotIncludeTests.class)
 * class ArchitectureTest {
 *     &#64;ArchTest static final ArchTests platformRules = ArchTests.in(ServiceArchitecture.class);
 * }
 * </pre>
 *
 * Other services' code is out of reach already: no service module depends on another.
 */
public final class ServiceArchitecture {

    /** Web controllers, Kafka listeners, configuration and advice: the adapters at a feature's edge. */
    private static final List<String> ADAPTER_SUFFIXES = List.of("Controller", "Listener", "Configuration", "Advice");

    private static final DescribedPredicate<JavaClass> ADAPTERS = DescribedPredicate.describe(
            "adapters (" + String.join(", ", ADAPTER_SUFFIXES) + ")", ServiceArchitecture::isAdapter);

    @ArchTest
    static final ArchRule domainCodeDoesNotUseWebOrKafkaTypes = noClasses()
            .that(DescribedPredicate.not(ADAPTERS))
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework.web..",
                    "org.springframework.http..",
                    "jakarta.servlet..",
                    "org.springframework.kafka..",
                    "org.apache.kafka..")
            .because("web and Kafka are adapters at the edge of a feature; the rules in between stay plain")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule repositoriesAreTheOnlySqlAdapters = noClasses()
            .that()
            .haveSimpleNameEndingWith("Controller")
            .or()
            .haveSimpleNameEndingWith("Listener")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
            .because("controllers and listeners go through a service; SQL lives in repositories")
            .allowEmptyShould(true);

    private ServiceArchitecture() {}

    private static boolean isAdapter(JavaClass type) {
        JavaClass outer = type;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        String name = outer.getSimpleName();
        return ADAPTER_SUFFIXES.stream().anyMatch(name::endsWith);
    }
}
