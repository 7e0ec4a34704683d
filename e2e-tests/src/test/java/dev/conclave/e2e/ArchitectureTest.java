package dev.conclave.e2e;

import dev.conclave.testing.HouseRulesTest;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the end-to-end tests' code")
class ArchitectureTest extends HouseRulesTest {

    @Override
    protected String basePackage() {
        return "dev.conclave.e2e";
    }
}
