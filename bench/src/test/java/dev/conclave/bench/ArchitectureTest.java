package dev.conclave.bench;

import dev.conclave.testing.HouseRulesTest;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the load generator's code")
class ArchitectureTest extends HouseRulesTest {

    @Override
    protected String basePackage() {
        return "dev.conclave.bench";
    }
}
