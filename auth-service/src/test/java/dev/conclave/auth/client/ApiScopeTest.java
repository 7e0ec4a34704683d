package dev.conclave.auth.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ApiScope")
class ApiScopeTest {

    @Test
    @DisplayName("validates requests with a pattern naming exactly its wire names")
    void patternMatchesTheCatalogue() {
        assertThat(ApiScope.WIRE_NAMES.split("\\|"))
                .containsExactlyInAnyOrder(Arrays.stream(ApiScope.values()).map(ApiScope::wireName).toArray(String[]::new));
    }

    @Test
    @DisplayName("finds a scope by its wire name, and nothing for an unknown one")
    void fromWireName() {
        assertThat(ApiScope.fromWireName("join-tokens:mint")).contains(ApiScope.JOIN_TOKENS_MINT);
        assertThat(ApiScope.fromWireName("rooms:admin")).isEmpty();
    }
}
