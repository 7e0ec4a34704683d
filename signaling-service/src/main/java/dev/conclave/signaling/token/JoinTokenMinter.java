package dev.conclave.signaling.token;

/** Where join tokens come from: auth-service, which alone holds the signing keys. */
public interface JoinTokenMinter {

    IssuedJoinToken mint(JoinTokenRequest request);
}
