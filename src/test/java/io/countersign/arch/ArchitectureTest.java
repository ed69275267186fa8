package io.countersign.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layer rules of src/site/markdown/architecture.md, enforced on the main code. */
@AnalyzeClasses(packages = "io.countersign", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreIsPureJava = noClasses().that().resideInAPackage("io.countersign.core..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.jdbi..", "okhttp3..", "java.sql..",
                    "org.h2..", "org.flywaydb..", "org.fxmisc..", "atlantafx..", "picocli..", "jakarta.mail..")
            .because("the domain must run and be tested without UI, database or network libraries");

    @ArchTest
    static final ArchRule coreDependsOnNoOuterLayer = noClasses().that().resideInAPackage("io.countersign.core..")
            .should().dependOnClassesThat().resideInAnyPackage("io.countersign.adapters..", "io.countersign.ui..",
                    "io.countersign.app..", "io.countersign.cli..");

    @ArchTest
    static final ArchRule uiDoesNotTouchAdapters = noClasses().that().resideInAPackage("io.countersign.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("io.countersign.adapters..", "io.countersign.app..",
                    "org.jdbi..", "java.sql..");

    @ArchTest
    static final ArchRule viewModelsNeedNoToolkit = noClasses().that().haveSimpleNameEndingWith("ViewModel")
            .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..", "javafx.application..",
                    "org.fxmisc..")
            .because("view models are unit-tested without a screen");

    @ArchTest
    static final ArchRule adaptersDoNotReachUi = noClasses().that().resideInAPackage("io.countersign.adapters..")
            .should().dependOnClassesThat().resideInAnyPackage("io.countersign.ui..", "javafx..");

    /** The collector runs on servers without JavaFX: it needs core only (and its own HTTP and database libraries). */
    @ArchTest
    static final ArchRule collectorNeedsNoDesktop = noClasses().that().resideInAPackage("io.countersign.collector..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.countersign.ui..", "io.countersign.app..",
                    "io.countersign.cli..", "io.countersign.adapters..");

    @ArchTest
    static final ArchRule topLevelSlicesHaveNoCycles = slices().matching("io.countersign.(*)..").should().beFreeOfCycles()
            .because("core, adapters, ui, app and cli form layers: app wires, cli runs commands, neither reaches back");

    @ArchTest
    static final ArchRule uiScreensHaveNoCycles = slices().matching("io.countersign.ui.(*)..").should().beFreeOfCycles()
            .because("a screen may use common pieces and main may compose screens, but screens do not use each other both ways");

    @ArchTest
    static final ArchRule corePackagesHaveNoCycles = slices().matching("io.countersign.core.(**)").should().beFreeOfCycles()
            .because("text machinery sits below the rules, the rules below the loader, and the write path, change "
                    + "feed and work packages below every use case");
}
