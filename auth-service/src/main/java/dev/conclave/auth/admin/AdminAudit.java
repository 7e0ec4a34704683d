package dev.conclave.auth.admin;

import dev.conclave.auth.client.ApiClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.Principal;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every change made through the admin API: logged (who, what client, which scopes — never a secret, nor the free-text
 * description) and counted in {@code conclave.auth.admin.changes{action}}.
 */
@Component
class AdminAudit {

    enum Action {
        CREATE, ROTATE, REVOKE;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(AdminAudit.class);

    private final Map<Action, Counter> changes = new EnumMap<>(Action.class);

    AdminAudit(MeterRegistry registry) {
        for (Action action : Action.values()) {
            changes.put(action, Counter.builder("conclave.auth.admin.changes")
                    .description("API-client changes made through the admin API")
                    .tag("action", action.tag())
                    .register(registry));
        }
    }

    void created(Principal actor, ApiClient client) {
        record(Action.CREATE, actor, client, "");
    }

    void rotated(Principal actor, ApiClient client) {
        record(Action.ROTATE, actor, client, "");
    }

    void revoked(Principal actor, ApiClient client, int deletedAuthorizations) {
        record(Action.REVOKE, actor, client, " deletedAuthorizations=" + deletedAuthorizations);
    }

    private void record(Action action, Principal actor, ApiClient client, String more) {
        changes.get(action).increment();
        log.info("Admin change action={} actor={} client={} scopes={}{}", action.tag(), actor.getName(),
                client.clientId(), client.scopes(), more);
    }
}
