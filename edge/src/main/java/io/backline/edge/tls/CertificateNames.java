package io.backline.edge.tls;

import java.net.IDN;
import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import org.jspecify.annotations.Nullable;

/**
 * Does a certificate name a host? RFC 6125 as OpenSSL's {@code X509_check_host}/{@code _ip} apply
 * it by default:
 *
 * <ul>
 *   <li>an IP literal matches only SAN {@code iPAddress} entries (compared as addresses, so
 *       {@code ::1} equals {@code 0:0:0:0:0:0:0:1}), never a DNS entry or the CN;
 *   <li>a host name matches SAN {@code dNSName} entries case-insensitively, ignoring one trailing
 *       dot, after IDNA conversion of the configured name; {@code *} is allowed only as the whole
 *       left-most label, matches exactly one label, and needs at least two labels after it
 *       ({@code *.example.com} yes, {@code *.com}, {@code f*.example.com} and
 *       {@code www.*.example.com} no);
 *   <li>the subject's most specific CN is used, with the same rules, only when the certificate has
 *       no {@code dNSName} at all.
 * </ul>
 */
public final class CertificateNames {
    private static final int DNS = 2;
    private static final int IP = 7;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private CertificateNames() {}

    static boolean matches(X509Certificate certificate, String name) {
        var address = ipLiteral(name);
        var sans = subjectAltNames(certificate);
        if (address != null) {
            return sans.stream().anyMatch(san -> san.type() == IP && address.equals(ipLiteral(san.value())));
        }
        var host = normalise(name);
        if (host == null) {
            return false;
        }
        var dnsNames = sans.stream().filter(san -> san.type() == DNS).map(San::value).toList();
        if (!dnsNames.isEmpty()) {
            return dnsNames.stream().anyMatch(pattern -> matchesPattern(pattern, host));
        }
        var commonName = commonName(certificate);
        return commonName != null && matchesPattern(commonName, host);
    }

    /** The names a certificate offers, for error messages: {@code DNS:a.test, IP:127.0.0.1} or {@code CN:a.test}. */
    static String describe(X509Certificate certificate) {
        var parts = new ArrayList<String>();
        for (var san : subjectAltNames(certificate)) {
            if (san.type() == DNS || san.type() == IP) {
                parts.add((san.type() == DNS ? "DNS:" : "IP:") + san.value());
            }
        }
        if (parts.isEmpty()) {
            var commonName = commonName(certificate);
            parts.add(commonName == null ? "no names" : "CN:" + commonName);
        }
        return String.join(", ", parts);
    }

    /** The address if {@code text} is an IPv4 dotted quad or an IPv6 literal (brackets allowed); never a DNS lookup. */
    public static @Nullable InetAddress ipLiteral(String text) {
        var literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!IPV4.matcher(literal).matches() && literal.indexOf(':') < 0) {
            return null;
        }
        try {
            return InetAddress.ofLiteral(literal);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean matchesPattern(String rawPattern, String host) {
        var pattern = normalise(rawPattern);
        if (pattern == null) {
            return false;
        }
        if (pattern.indexOf('*') < 0) {
            return pattern.equals(host);
        }
        if (!pattern.startsWith("*.") || pattern.indexOf('*', 1) >= 0) {
            return false;
        }
        var parent = pattern.substring(2);
        if (parent.indexOf('.') < 0 || !host.endsWith("." + parent)) {
            return false;
        }
        var label = host.substring(0, host.length() - parent.length() - 1);
        return !label.isEmpty() && label.indexOf('.') < 0;
    }

    /** Lower-case A-label form without a trailing dot, or null for a name that cannot be one. */
    private static @Nullable String normalise(String name) {
        var text = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (text.isEmpty()) {
            return null;
        }
        try {
            var ascii = text.chars().allMatch(c -> c < 0x80) ? text : IDN.toASCII(text, IDN.ALLOW_UNASSIGNED);
            return ascii.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private record San(int type, String value) {}

    private static List<San> subjectAltNames(X509Certificate certificate) {
        try {
            var entries = certificate.getSubjectAlternativeNames();
            if (entries == null) {
                return List.of();
            }
            var result = new ArrayList<San>();
            for (var entry : entries) {
                if (entry.size() >= 2 && entry.get(0) instanceof Integer type && entry.get(1) instanceof String value) {
                    result.add(new San(type, value));
                }
            }
            return result;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static @Nullable String commonName(X509Certificate certificate) {
        try {
            var rdns = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns();
            for (int i = rdns.size() - 1; i >= 0; i--) { // getRdns() lists the most specific RDN last
                if ("CN".equalsIgnoreCase(rdns.get(i).getType()) && rdns.get(i).getValue() instanceof String value) {
                    return value;
                }
            }
            return null;
        } catch (InvalidNameException e) {
            return null;
        }
    }
}
