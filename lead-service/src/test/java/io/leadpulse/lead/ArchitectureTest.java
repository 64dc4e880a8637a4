package io.leadpulse.lead;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.leadpulse.lead", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Domain code stays free of web and Kafka types; controllers are the adapters at the edge. */
    @ArchTest
    static final ArchRule domainDoesNotDependOnWebOrKafka = noClasses()
            .that()
            .resideInAPackage("io.leadpulse.lead..")
            .and()
            .haveSimpleNameNotEndingWith("Controller")
            .and()
            .haveSimpleNameNotEndingWith("Controller$1")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework.web..", "org.apache.kafka..", "org.springframework.kafka..");

    @ArchTest
    static final ArchRule doesNotUseOtherServicesCode = noClasses()
            .that()
            .resideInAPackage("io.leadpulse.lead..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.leadpulse.messaging..",
                    "io.leadpulse.billing..",
                    "io.leadpulse.enrichment..",
                    "io.leadpulse.notification..",
                    "io.leadpulse.realtime..",
                    "io.leadpulse.gateway..");
}
