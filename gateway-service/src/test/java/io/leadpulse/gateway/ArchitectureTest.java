package io.leadpulse.gateway;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.leadpulse.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Each feature stands alone; they share only the problem writer and the root package's settings. */
    @ArchTest
    static final ArchRule featuresDoNotDependOnEachOther = slices().matching("io.leadpulse.gateway.(*)..")
            .should()
            .notDependOnEachOther()
            .ignoreDependency(alwaysTrue(), resideInAPackage("io.leadpulse.gateway.problem.."));

    @ArchTest
    static final ArchRule problemsDependOnNoFeature = noClasses()
            .that()
            .resideInAPackage("io.leadpulse.gateway.problem..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.leadpulse.gateway.bodysize..",
                    "io.leadpulse.gateway.cors..",
                    "io.leadpulse.gateway.forwarding..",
                    "io.leadpulse.gateway.ratelimit..",
                    "io.leadpulse.gateway.requestlog..",
                    "io.leadpulse.gateway.security..");

    /** The gateway is a stand-alone edge: it never imports another service's or the shared platform's code. */
    @ArchTest
    static final ArchRule noOtherServiceCode = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.leadpulse.lead..",
                    "io.leadpulse.messaging..",
                    "io.leadpulse.billing..",
                    "io.leadpulse.enrichment..",
                    "io.leadpulse.notification..",
                    "io.leadpulse.realtime..");
}
