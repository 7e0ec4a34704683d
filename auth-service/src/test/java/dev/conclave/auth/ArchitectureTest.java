package dev.conclave.auth;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.conclave.testing.ArchitectureRules;
import dev.conclave.testing.HouseRulesTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("auth-service's architecture")
class ArchitectureTest extends HouseRulesTest {

    private static final String BASE = "dev.conclave.auth";

    private final JavaClasses main = ArchitectureRules.mainClasses(BASE);

    @Test
    @DisplayName("keeps join tokens, keys and clients free of the REST and admin edges")
    void domainIgnoresEdge() {
        noClasses().that().resideInAnyPackage(BASE + ".jointoken..", BASE + ".key..", BASE + ".client..")
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".api..", BASE + ".admin..")
                .check(main);
    }

    @Test
    @DisplayName("handles key material (Nimbus JOSE) only in key and the server configuration")
    void keyMaterialStaysInKey() {
        noClasses().that().resideOutsideOfPackages(BASE + ".key..", BASE + ".server..")
                .should().dependOnClassesThat().resideInAPackage("com.nimbusds..")
                .check(main);
    }

    @Override
    protected String basePackage() {
        return BASE;
    }
}
