package dev.conclave.signaling.network;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP addresses written as text, read without ever asking DNS: {@link InetAddress#getByName} looks up anything it
 * cannot parse, and parses some spellings other stacks read differently ({@code 0177.0.0.1} is 177.0.0.1 to Java and
 * 127.0.0.1 to C's {@code inet_aton}). Only the canonical forms are addresses here: four decimal numbers without
 * leading zeros, or IPv6 in hexadecimal groups (brackets allowed, no zone).
 */
public final class IpLiteral {

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern NUMERIC_HOST = Pattern.compile("(?i)[0-9a-fx.]+");

    private IpLiteral() {
    }

    /** The address {@code text} spells, if it is a canonical IPv4 or IPv6 literal. */
    public static Optional<InetAddress> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        String literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean v6 = literal.indexOf(':') >= 0;
        if (v6 ? !IPV6.matcher(literal).matches() : !IPV4.matcher(literal).matches()) {
            return Optional.empty();
        }
        try {
            // a literal: parsed by the JDK, never looked up (an IPv6 one that does not parse throws)
            return Optional.of(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a host name is made of digits, dots and hex markers only but is not a canonical IPv4 address: an
     * integer ({@code 2130706433}), hex ({@code 0x7f000001}), octal ({@code 0177.0.0.1}) or short ({@code 127.1})
     * form, which resolvers read in different ways.
     */
    public static boolean isAmbiguousNumericHost(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        boolean numeric = NUMERIC_HOST.matcher(name).matches() && Character.isDigit(name.charAt(0));
        return numeric && !IPV4.matcher(name).matches();
    }

    /**
     * The IPv4 address an IPv6 address stands for, when it embeds one: IPv4-mapped ({@code ::ffff:a.b.c.d}),
     * IPv4-compatible ({@code ::a.b.c.d}, deprecated) and the NAT64 well-known prefix ({@code 64:ff9b::a.b.c.d});
     * otherwise the address itself.
     */
    public static InetAddress unwrap(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] bytes = address.getAddress();
        boolean mapped = zeros(bytes, 0, 10) && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
        boolean compatible = zeros(bytes, 0, 12) && !zeros(bytes, 12, 15);
        boolean nat64 = (bytes[0] & 0xff) == 0x00 && (bytes[1] & 0xff) == 0x64 && (bytes[2] & 0xff) == 0xff
                && (bytes[3] & 0xff) == 0x9b && zeros(bytes, 4, 12);
        if (!mapped && !compatible && !nat64) {
            return address;
        }
        byte[] v4 = {bytes[12], bytes[13], bytes[14], bytes[15]};
        try {
            return Inet4Address.getByAddress(v4);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static boolean zeros(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
