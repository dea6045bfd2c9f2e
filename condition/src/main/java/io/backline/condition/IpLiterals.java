package io.backline.condition;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.regex.Pattern;

/** Recognises and compares IP literals without any name lookup. */
final class IpLiterals {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private IpLiterals() {}

    static boolean isIp(String text) {
        if (IPV4.matcher(text).matches()) {
            for (var part : text.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (text.indexOf(':') >= 0) {
            try {
                Inet6Address.ofLiteral(text);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return false;
    }

    /** Whether two IP texts name the same address ({@code ::1} equals {@code 0:0:0:0:0:0:0:1}). */
    static boolean same(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        if (!isIp(a) || !isIp(b)) {
            return false;
        }
        try {
            return InetAddress.ofLiteral(a).equals(InetAddress.ofLiteral(b));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
