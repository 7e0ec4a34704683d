package dev.conclave.auth.server;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Runs every call of the JDBC authorization service in one transaction, so it uses one pooled connection. Without
 * it, reading an authorization takes a second connection (the row mapper loads the registered client) while the
 * first is still held: with as many concurrent bearer-token requests as the pool has connections, each held the one
 * and waited for another, and every request stalled for the pool's 30 s timeout (found by the load generator minting
 * join tokens sixteen at a time).
 */
final class OneConnectionAuthorizationService implements OAuth2AuthorizationService {

    private final OAuth2AuthorizationService delegate;
    private final TransactionOperations transactions;

    OneConnectionAuthorizationService(OAuth2AuthorizationService delegate, TransactionOperations transactions) {
        this.delegate = delegate;
        this.transactions = transactions;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        transactions.executeWithoutResult(status -> delegate.save(authorization));
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        transactions.executeWithoutResult(status -> delegate.remove(authorization));
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return transactions.execute(status -> delegate.findById(id));
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        return transactions.execute(status -> delegate.findByToken(token, tokenType));
    }
}
