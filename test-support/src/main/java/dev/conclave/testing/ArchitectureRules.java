package dev.conclave.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Nested;

/** Rules every Conclave service keeps, checked by each service's architecture test. */
public final class ArchitectureRules {

    private ArchitectureRules() {
    }

    public static JavaClasses mainClasses(String basePackage) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage);
    }

    public static JavaClasses testClasses(String basePackage) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages(basePackage);
    }

    /** Feature packages directly under the base package never depend on each other in a circle. */
    public static ArchRule noCyclesBetweenFeatures(String basePackage) {
        return slices().matching(basePackage + ".(*)..").should().beFreeOfCycles().allowEmptyShould(true);
    }

    /**
     * A test class (a name ending in {@code Test} or {@code IT}) that holds no {@code @Test} method — directly or in
     * its {@code @Nested} classes — would pass without testing anything; it fails the build instead.
     */
    public static ArchRule everyTestClassHasTests() {
        return classes().that(areTopLevelTestClasses()).should(haveTestMethods());
    }

    private static DescribedPredicate<JavaClass> areTopLevelTestClasses() {
        return DescribedPredicate.describe("are top-level test classes",
                type -> type.isTopLevelClass() && !type.getModifiers().contains(JavaModifier.ABSTRACT)
                        && (type.getSimpleName().endsWith("Test") || type.getSimpleName().endsWith("IT")));
    }

    private static ArchCondition<JavaClass> haveTestMethods() {
        return new ArchCondition<>("hold at least one @Test method") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                if (countTests(type) == 0) {
                    events.add(SimpleConditionEvent.violated(type, type.getName() + " has no @Test method"));
                }
            }
        };
    }

    private static int countTests(JavaClass type) {
        return countTests(type.reflect());
    }

    /** Test methods of the class and its superclasses, plus those of its {@code @Nested} classes. */
    private static int countTests(Class<?> type) {
        int tests = 0;
        for (Class<?> level = type; level != null && level != Object.class; level = level.getSuperclass()) {
            for (Method method : level.getDeclaredMethods()) {
                if (isTest(method)) {
                    tests++;
                }
            }
        }
        for (Class<?> member : type.getDeclaredClasses()) {
            if (member.isAnnotationPresent(Nested.class)) {
                tests += countTests(member);
            }
        }
        return tests;
    }

    private static boolean isTest(Method method) {
        return Arrays.stream(method.getAnnotations()).map(annotation -> annotation.annotationType().getName())
                .anyMatch(TEST_ANNOTATIONS::contains);
    }

    private static final Set<String> TEST_ANNOTATIONS = Set.of("org.junit.jupiter.api.Test",
            "org.junit.jupiter.params.ParameterizedTest", "org.junit.jupiter.api.RepeatedTest",
            "org.junit.jupiter.api.TestFactory", "com.code_intelligence.jazzer.junit.FuzzTest");
}
