package io.leadpulse.realtime;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import io.leadpulse.platform.test.ServiceArchitecture;

@AnalyzeClasses(packages = "io.leadpulse.realtime", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests platformRules = ArchTests.in(ServiceArchitecture.class);
}
