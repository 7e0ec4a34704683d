package dev.conclave.media.ice;

/**
 * The STUN and TURN servers a media server endpoint uses to reach browsers behind NAT.
 *
 * @param stunAddress IP address of a STUN server, or {@code null}
 * @param stunPort    its port
 * @param turnUrl     Kurento's form {@code user:password@address:port?transport=udp}, or {@code null}
 */
public record EndpointIceSettings(String stunAddress, int stunPort, String turnUrl) {

    public static final EndpointIceSettings NONE = new EndpointIceSettings(null, 0, null);
}
