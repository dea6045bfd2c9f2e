package io.backline.model;

import java.net.Inet6Address;
import java.util.regex.Pattern;

/** A backend address: a host name, an IPv4 literal or an IPv6 literal, never with a port. */
public record Address(String text, Family family) {

    /** Which of {@code hostname}, {@code ipv4} and {@code ipv6} an address fills. */
    public enum Family {
        HOSTNAME,
        IPV4,
        IPV6
    }

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
    private static final Pattern NUMERIC = Pattern.compile("[0-9]+");

    /** Classifies an address, refusing anything else with Fastly's wording. */
    public static Address parse(String field, String text) {
        if (IPV4.matcher(text).matches()) {
            return new Address(text, Family.IPV4);
        }
        if (text.indexOf(':') >= 0) {
            var literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
            try {
                Inet6Address.ofLiteral(literal);
                return new Address(literal, Family.IPV6);
            } catch (IllegalArgumentException notIpv6) {
                throw refuse(field, text);
            }
        }
        if (isHostname(text)) {
            return new Address(text, Family.HOSTNAME);
        }
        throw refuse(field, text);
    }

    private static boolean isHostname(String text) {
        var host = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        if (host.isEmpty() || host.length() > 253) {
            return false;
        }
        var labels = host.split("\\.", -1);
        for (var label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // "1.2.3" looks like a broken IPv4 address, not a host (RFC 3696 §2).
        return !NUMERIC.matcher(labels[labels.length - 1]).matches();
    }

    private static ConfigException refuse(String field, String text) {
        return ConfigException.invalid(field + ": Address '" + Texts.shorten(text)
                + "' is not a valid IPv4, IPv6 or hostname (expected: a host name or IP address, without a port)");
    }
}
