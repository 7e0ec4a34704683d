package dev.conclave.signaling.api;

import dev.conclave.signaling.error.ErrorCode;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * The API's OpenAPI 3 description, generated from the controllers (served at {@code /api/openapi.json}, browsable
 * at {@code /api/docs}). Every operation lists its errors as {@code application/problem+json}: invalid input,
 * missing or insufficient token, and the problems named by its {@link Problems} annotation.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String BEARER = "bearer";

    @Bean
    OpenAPI conclaveApi() {
        return new OpenAPI()
                .info(new Info().title("Conclave room-management API").version("v1")
                        .description("For internal services: rooms, join tokens, participants, system messages, history "
                                + "and webhooks. Authenticate with an OAuth2 access token from auth-service's "
                                + "client-credentials grant (POST /oauth2/token); scopes rooms:read, rooms:write, "
                                + "webhooks:manage. Errors are RFC 7807 problem documents with a stable type "
                                + "(urn:conclave:problem:<name>) and, for invalid input, the list of bad fields."))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("JWT"))
                        .addSchemas("Problem", problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    @Bean
    OperationCustomizer problemResponses() {
        return (operation, handler) -> {
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            Map<HttpStatus, String> problems = new LinkedHashMap<>();
            problems.put(HttpStatus.BAD_REQUEST, "invalid input: urn:conclave:problem:invalid-params, with the bad fields in errors");
            boolean open = operation.getSecurity() != null && operation.getSecurity().isEmpty();
            if (!open) {
                problems.put(HttpStatus.UNAUTHORIZED, "missing, invalid or expired access token: urn:conclave:problem:unauthenticated");
                problems.put(HttpStatus.FORBIDDEN, "the token lacks the scope: urn:conclave:problem:insufficient-scope");
            }
            Problems declared = handler.getMethodAnnotation(Problems.class);
            if (declared != null) {
                for (ErrorCode code : declared.value()) {
                    problems.merge(ApiProblems.status(code), ApiProblems.type(code).toString(), (a, b) -> a + "; " + b);
                }
            }
            problems.forEach((status, description) -> responses.addApiResponse(Integer.toString(status.value()),
                    new ApiResponse().description(description).content(new Content().addMediaType(
                            "application/problem+json", new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))))));
            operation.setResponses(responses);
            return operation;
        };
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema problemSchema() {
        return new Schema<>().type("object").description("RFC 7807 problem details")
                .addProperty("type", new Schema<>().type("string").format("uri"))
                .addProperty("title", new Schema<>().type("string"))
                .addProperty("status", new Schema<>().type("integer"))
                .addProperty("detail", new Schema<>().type("string"))
                .addProperty("instance", new Schema<>().type("string"))
                .addProperty("code", new Schema<>().type("integer").description("Conclave's error code (docs/protocol.md)"))
                .addProperty("errors", new Schema<>().type("array").items(new Schema<>().type("object")
                        .addProperty("field", new Schema<>().type("string"))
                        .addProperty("message", new Schema<>().type("string"))))
                .required(List.of("type", "title", "status", "detail"));
    }
}
