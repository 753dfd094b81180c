package vn.voiceroutes;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;


import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The structure a newcomer can live in, checked: packages without cycles (the composition root,
 * VoiceConfiguration, lives above them in vn.voiceroutes), a ledger that knows no Camel and no provider.
 */
class StructureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("vn.voiceroutes");
    }

    @Test
    void noCycleBetweenPackages() {
        slices().matching("vn.voiceroutes.(*)..").should().beFreeOfCycles().check(production);
    }

    @Test
    void theLedgerKnowsNoCamelAndNoProvider() {
        noClasses().that().resideInAPackage("vn.voiceroutes.ledger..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "vn.voiceroutes.esms..",
                        "vn.voiceroutes.vbot..", "vn.voiceroutes.config..", "vn.voiceroutes.source..")
                .check(production);
    }
}
