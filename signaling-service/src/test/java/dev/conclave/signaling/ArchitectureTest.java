package dev.conclave.signaling;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.conclave.testing.ArchitectureRules;
import dev.conclave.testing.HouseRulesTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("signaling-service's architecture")
class ArchitectureTest extends HouseRulesTest {

    private static final String BASE = "dev.conclave.signaling";
    private static final String[] DOMAIN = {BASE + ".room..", BASE + ".participant..", BASE + ".membership..",
            BASE + ".chat..", BASE + ".relay..", BASE + ".event..", BASE + ".bus..", BASE + ".token..",
            BASE + ".error..", BASE + ".ice..", BASE + ".moderation..", BASE + ".webhook..", BASE + ".media..",
            BASE + ".speaking..", BASE + ".reaction..", BASE + ".quality.."};

    private final JavaClasses main = ArchitectureRules.mainClasses(BASE);

    @Test
    @DisplayName("keeps the domain free of the transports at its edge (rpc, api)")
    void domainIgnoresEdges() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".rpc..", BASE + ".api..")
                .check(main);
    }

    @Test
    @DisplayName("speaks WebSocket only in rpc, and HTTP controllers only in api")
    void transportsStayAtTheEdge() {
        noClasses().that().resideOutsideOfPackage(BASE + ".rpc..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework.web.socket..")
                .check(main);
        noClasses().that().resideOutsideOfPackage(BASE + ".api..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework.web.bind..")
                .check(main);
    }

    @Test
    @DisplayName("speaks gRPC, and knows the media-service contract, only in grpc")
    void mediaServiceAtTheEdge() {
        noClasses().that().resideOutsideOfPackage(BASE + ".grpc..")
                .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "dev.conclave.proto..")
                .check(main);
    }

    @Override
    protected String basePackage() {
        return BASE;
    }
}
