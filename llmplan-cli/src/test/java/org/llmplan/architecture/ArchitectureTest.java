package org.llmplan.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of DESIGN.md over the compiled classes of every module (this module sees them all):
 * no package cycles, the engine never reaches into a face, estimators never resolve names in the catalog.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.llmplan");
  }

  @Test
  void noPackageCycles() {
    slices().matching("org.llmplan.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void engineNeverImportsAFace() {
    noClasses().that().resideOutsideOfPackages("org.llmplan.emit..", "org.llmplan.server..", "org.llmplan.cli..",
            "org.llmplan.bench..")
        .should().dependOnClassesThat().resideInAnyPackage("org.llmplan.emit..", "org.llmplan.server..",
            "org.llmplan.cli..", "org.llmplan.bench..")
        .check(classes);
  }

  @Test
  void launchFilesNeverImportTheApiOrTheCommandLine() {
    noClasses().that().resideInAPackage("org.llmplan.emit..")
        .should().dependOnClassesThat().resideInAnyPackage("org.llmplan.server..", "org.llmplan.cli..")
        .check(classes);
  }

  @Test
  void serverNeverImportsTheCommandLine() {
    noClasses().that().resideInAPackage("org.llmplan.server..")
        .should().dependOnClassesThat().resideInAPackage("org.llmplan.cli..")
        .check(classes);
  }

  /** The command line renders JSON through org.llmplan.view; it needs the HTTP module only to start it. */
  @Test
  void onlyTheServerCommandNeedsTheServer() {
    noClasses().that().resideInAPackage("org.llmplan.cli..")
        .and().doNotHaveFullyQualifiedName("org.llmplan.cli.ServerCommand")
        .should().dependOnClassesThat().resideInAPackage("org.llmplan.server..")
        .check(classes);
  }

  /** The JSON views sit at the top of the engine: the faces use them, no estimator or planner does. */
  @Test
  void onlyTheFacesUseTheViews() {
    noClasses().that().resideOutsideOfPackages("org.llmplan.view..", "org.llmplan.emit..", "org.llmplan.server..",
            "org.llmplan.cli..", "org.llmplan.bench..")
        .should().dependOnClassesThat().resideInAPackage("org.llmplan.view..")
        .check(classes);
  }

  /** Data sits below the estimators: a profile or a catalog entry never needs an estimator to exist. */
  @Test
  void catalogAndProfilesSitBelowTheEstimators() {
    noClasses().that().resideInAnyPackage("org.llmplan.catalog..", "org.llmplan.profile..",
            "org.llmplan.model..", "org.llmplan.hardware..", "org.llmplan.parallel..")
        .should().dependOnClassesThat().resideInAnyPackage("org.llmplan.train..", "org.llmplan.infer..",
            "org.llmplan.storage..", "org.llmplan.serving..", "org.llmplan.serve..", "org.llmplan.search..",
            "org.llmplan.network..", "org.llmplan.reliability..", "org.llmplan.request..", "org.llmplan.plan..",
            "org.llmplan.validate..", "org.llmplan.kernel..")
        .check(classes);
  }

  /** Estimators take resolved values; turning names into values is the request layer's job. */
  @Test
  void estimatorsNeverResolveNames() {
    noClasses().that().resideInAnyPackage("org.llmplan.train..", "org.llmplan.infer..", "org.llmplan.storage..",
            "org.llmplan.serving..", "org.llmplan.comm..", "org.llmplan.reliability..", "org.llmplan.kernel..")
        .should().dependOnClassesThat().resideInAnyPackage("org.llmplan.catalog..", "org.llmplan.request..")
        .check(classes);
  }
}
