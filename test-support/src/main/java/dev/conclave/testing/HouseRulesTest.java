package dev.conclave.testing;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The rules every Conclave module's code keeps; a module's architecture test extends this, names its base
 * package, and adds its own rules.
 */
public abstract class HouseRulesTest {

    /** The module's root package, e.g. {@code dev.conclave.signaling}. */
    protected abstract String basePackage();

    @Test
    @DisplayName("has no dependency cycles between feature packages")
    void noCyclesBetweenFeatures() {
        ArchitectureRules.noCyclesBetweenFeatures(basePackage()).check(ArchitectureRules.mainClasses(basePackage()));
    }

    @Test
    @DisplayName("has no test class without tests")
    void everyTestClassHasTests() {
        ArchitectureRules.everyTestClassHasTests().check(ArchitectureRules.testClasses(basePackage()));
    }
}
