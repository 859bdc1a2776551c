package io.driftguard.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module boundaries, checked on the compiled main classes of every module (tests may cross
 * them: the job's tests use the lab's scenario generator, for example).
 */
@AnalyzeClasses(packages = "io.driftguard", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleRulesTest {

    private static final String FLINK = "org.apache.flink..";
    private static final String SPRING = "org.springframework..";

    @ArchTest
    static final ArchRule coreIsSelfContained = noClasses()
            .that()
            .resideInAPackage("io.driftguard.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.driftguard.ingest..",
                    "io.driftguard.judge..",
                    "io.driftguard.pipeline..",
                    "io.driftguard.models..",
                    "io.driftguard.dashboard..",
                    "io.driftguard.cli..",
                    "io.driftguard.demo..",
                    "io.driftguard.testkit..")
            .as("core imports nothing of ours");

    @ArchTest
    static final ArchRule ingestImportsNoFlink = noClasses()
            .that()
            .resideInAPackage("io.driftguard.ingest..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(FLINK)
            .as("ingest imports no Flink: the connectors run without it and the parsers are a library the job calls");

    @ArchTest
    static final ArchRule judgeImportsNoFlinkAndNoSpring = noClasses()
            .that()
            .resideInAPackage("io.driftguard.judge..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(FLINK, SPRING)
            .as("judge imports neither Flink nor Spring: the job and the lab call the same judgement");

    @ArchTest
    static final ArchRule judgeIsBelowTheJobAndTheLab = noClasses()
            .that()
            .resideInAPackage("io.driftguard.judge..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.driftguard.pipeline..",
                    "io.driftguard.models..",
                    "io.driftguard.dashboard..",
                    "io.driftguard.cli..")
            .as("judge knows nothing of the job, the lab, the dashboard or the CLI");

    @ArchTest
    static final ArchRule pipelineImportsNeitherTheLabNorTheDashboard = noClasses()
            .that()
            .resideInAPackage("io.driftguard.pipeline..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.driftguard.models..", "io.driftguard.dashboard..")
            .as("pipeline imports neither models (the offline lab) nor the dashboard");

    @ArchTest
    static final ArchRule dashboardImportsNoPipeline = noClasses()
            .that()
            .resideInAPackage("io.driftguard.dashboard..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.driftguard.pipeline..", FLINK)
            .as("dashboard imports no pipeline and no Flink: they meet in PostgreSQL");

    @ArchTest
    static final ArchRule onlyTheDemoUsesTheTestKit = noClasses()
            .that()
            .resideOutsideOfPackages("io.driftguard.demo..", "io.driftguard.testkit..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.driftguard.testkit..",
                    "org.apache.kafka.common.test..",
                    "io.zonky.test..",
                    "org.junit..",
                    "org.assertj..")
            .as("no shipped module's main code uses the test kit or test libraries; only the demo does");
}
