package dev.conclave.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What every REST edge answers to bad input: an RFC 7807 problem of the catalogue, short, naming the bad field. */
public final class BadInputProblems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BadInputProblems() {
    }

    /**
     * Asserts {@code response} is a catalogue problem with this status and one of these types, quoting no more than
     * it needs, and naming {@code field} (or a part of it) among its errors when a field is given; returns it.
     */
    public static JsonNode assertProblem(HttpResponse<String> response, String described, int status,
                                         Set<String> types, String field) {
        assertThat(response.statusCode()).as(described).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(described)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asString()).as(described).isIn(types);
        assertThat(problem.path("code").isInt()).as(described).isTrue();
        assertThat(problem.path("detail").asString()).as(described).isNotBlank();
        assertThat(response.body().length()).as("a problem quotes no more than it needs: " + described)
                .isLessThan(4096);
        if (field != null) {
            assertThat(problem.path("errors").findValuesAsString("field")).as(described)
                    .anySatisfy(named -> assertThat(named.equals(field) || named.startsWith(field + ".")
                            || named.startsWith(field + "[")).isTrue());
        }
        return problem;
    }
}
