package dev.conclave.gateway;

import dev.conclave.testing.HouseRulesTest;
import org.junit.jupiter.api.DisplayName;

@DisplayName("gateway-service's architecture")
class ArchitectureTest extends HouseRulesTest {

    @Override
    protected String basePackage() {
        return "dev.conclave.gateway";
    }
}
