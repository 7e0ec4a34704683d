package dev.conclave.signaling.network;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * A block of IP addresses in CIDR notation ({@code 10.0.0.0/8}, {@code fc00::/7}; a bare address is a block of one),
 * parsed without DNS. IPv4 addresses embedded in IPv6 ({@code ::ffff:10.1.2.3}) match IPv4 blocks.
 */
public record Network(byte[] prefix, int bits, String text) {

    public static Network parse(String cidr) {
        String spec = cidr.strip();
        int slash = spec.indexOf('/');
        String address = slash < 0 ? spec : spec.substring(0, slash);
        InetAddress base = IpLiteral.parse(address).map(IpLiteral::unwrap)
                .orElseThrow(() -> new IllegalArgumentException("\"" + cidr + "\" is not an IP address or CIDR block"));
        int max = base.getAddress().length * 8;
        int bits;
        try {
            bits = slash < 0 ? max : Integer.parseInt(spec.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + cidr + "\" has no valid prefix length");
        }
        if (bits < 0 || bits > max) {
            throw new IllegalArgumentException("\"" + cidr + "\" has a prefix length outside 0-" + max);
        }
        return new Network(base.getAddress(), bits, spec);
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = IpLiteral.unwrap(address).getAddress();
        if (candidate.length != prefix.length) {
            return false;
        }
        int whole = bits / 8;
        for (int i = 0; i < whole; i++) {
            if (candidate[i] != prefix[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (candidate[whole] & mask) == (prefix[whole] & mask);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Network network && network.bits == bits && Arrays.equals(network.prefix, prefix);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(prefix) + bits;
    }

    @Override
    public String toString() {
        return text;
    }
}
