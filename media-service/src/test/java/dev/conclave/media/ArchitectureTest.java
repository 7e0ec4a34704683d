package dev.conclave.media;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.conclave.testing.ArchitectureRules;
import dev.conclave.testing.HouseRulesTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("media-service's architecture")
class ArchitectureTest extends HouseRulesTest {

    private static final String BASE = "dev.conclave.media";

    private final JavaClasses main = ArchitectureRules.mainClasses(BASE);

    @Test
    @DisplayName("speaks Kurento only in kurento, gRPC only in grpc, HTTP only in api")
    void adaptersStayInTheirPackages() {
        noClasses().that().resideOutsideOfPackage(BASE + ".kurento..")
                .should().dependOnClassesThat().resideInAPackage("org.kurento..").check(main);
        noClasses().that().resideOutsideOfPackage(BASE + ".grpc..")
                .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "dev.conclave.proto..").check(main);
        noClasses().that().resideOutsideOfPackage(BASE + ".api..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework.web.bind..").check(main);
    }

    @Test
    @DisplayName("keeps the domain free of the adapters at its edge")
    void domainIgnoresEdges() {
        noClasses().that().resideInAnyPackage(BASE + ".worker..", BASE + ".placement..", BASE + ".allocation..",
                        BASE + ".endpoint..", BASE + ".events..", BASE + ".ice..")
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".kurento..", BASE + ".grpc..",
                        BASE + ".api..")
                .check(main);
    }

    @Override
    protected String basePackage() {
        return BASE;
    }
}
