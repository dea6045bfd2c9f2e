package io.backline.edge.tls;

import io.backline.edge.EdgeException;
import io.backline.edge.tls.OpenSslCipher.Au;
import io.backline.edge.tls.OpenSslCipher.Enc;
import io.backline.edge.tls.OpenSslCipher.Kx;
import io.backline.edge.tls.OpenSslCipher.Mac;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An OpenSSL cipher string ({@code ssl_ciphers}) evaluated the way {@code SSL_CTX_set_cipher_list}
 * does, over the suites of {@link OpenSslCipher}. Elements are separated by {@code :} (or
 * {@code ,}, {@code ;}, spaces); each is a suite name (OpenSSL or IANA), a keyword, or keywords
 * joined by {@code +} (all must hold, {@code ECDHE+AESGCM}). A plain element appends matching
 * suites not yet listed; {@code -} removes them; {@code !} removes them for good; a leading
 * {@code +} moves listed ones to the end; {@code @STRENGTH} sorts by key length; other {@code @}
 * commands and unknown names are ignored, as OpenSSL ignores them. Keywords: see
 * {@code docs/edge-tls.md}.
 *
 * <p>The cipher string governs TLS 1.2 and earlier only, as in OpenSSL, where TLS 1.3 suites are a
 * separate setting Fastly does not expose: {@link #forJsse} puts the JDK's TLS 1.3 suites first
 * whenever TLS 1.3 is in range. Immutable.
 */
final class CipherList {
    /** TLS 1.3 suite names as JSSE spells them; only those the JDK enables are used. */
    private static final List<String> TLS13 = List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256");
    private static final Pattern SEPARATORS = Pattern.compile("[:,;\\s]+");
    private static final Map<String, Predicate<OpenSslCipher>> KEYWORDS = keywords();
    private static final Map<String, OpenSslCipher> NAMES = names();
    private static final int QUOTED_MAX = 120;

    private final String spec;
    private final List<OpenSslCipher> suites;
    private final List<String> ignored;

    private CipherList(String spec, List<OpenSslCipher> suites, List<String> ignored) {
        this.spec = spec;
        this.suites = List.copyOf(suites);
        this.ignored = List.copyOf(ignored);
    }

    static CipherList parse(String spec) {
        var list = new LinkedHashSet<OpenSslCipher>();
        var killed = EnumSet.noneOf(OpenSslCipher.class);
        var ignored = new ArrayList<String>();
        for (var element : SEPARATORS.split(spec.strip())) {
            if (element.isEmpty()) {
                continue;
            }
            if (element.startsWith("@")) {
                if (element.equals("@STRENGTH")) {
                    var sorted = new ArrayList<>(list);
                    sorted.sort(Comparator.comparingInt((OpenSslCipher suite) -> suite.enc.bits).reversed());
                    list.clear();
                    list.addAll(sorted);
                }
                continue; // @SECLEVEL=n and friends: JSSE has its own constraints
            }
            char op = element.charAt(0);
            var selector = op == '!' || op == '-' || op == '+' ? element.substring(1) : element;
            var matches = select(selector);
            if (matches == null) {
                ignored.add(selector);
                continue;
            }
            switch (op) {
                case '!' -> {
                    list.removeAll(matches);
                    killed.addAll(matches);
                }
                case '-' -> list.removeAll(matches);
                case '+' -> {
                    var moved = list.stream().filter(matches::contains).toList();
                    list.removeAll(moved);
                    list.addAll(moved);
                }
                default -> matches.stream().filter(suite -> !killed.contains(suite)).forEach(list::add);
            }
        }
        return new CipherList(spec, new ArrayList<>(list), ignored);
    }

    /** The suites selected, in order, before any JDK filtering. */
    List<OpenSslCipher> suites() {
        return suites;
    }

    /** Elements that named nothing known (ignored, as OpenSSL ignores them). */
    List<String> ignored() {
        return ignored;
    }

    /**
     * The JSSE cipher-suite list for {@code protocols}: the JDK's enabled TLS 1.3 suites first when
     * TLS 1.3 is in range, then the selected suites the JDK enables (only TLS 1.2-only ones are
     * dropped when the range ends below 1.2). A selection leaving nothing for the TLS 1.2-and-below
     * part of the range is an {@link EdgeException}; a range of TLS 1.3 alone never uses the list.
     */
    List<String> forJsse(List<String> enabledByJdk, List<String> protocols) {
        var jdkNames = new HashMap<String, String>();
        for (var name : enabledByJdk) {
            jdkNames.put(name.startsWith("SSL_") ? "TLS_" + name.substring(4) : name, name); // JSSE keeps SSL_ for old suites
        }
        boolean tls13 = protocols.contains("TLSv1.3");
        boolean legacyOnly = !protocols.contains("TLSv1.2") && !tls13;
        var result = new ArrayList<String>();
        if (tls13) {
            TLS13.stream().filter(jdkNames::containsKey).forEach(result::add);
        }
        var usable = new ArrayList<String>();
        var disabled = new ArrayList<String>();
        for (var suite : suites) {
            var jdkName = jdkNames.get(suite.ianaName);
            if (jdkName == null || (legacyOnly && suite.tls12Only())) {
                disabled.add(suite.openSslName);
            } else {
                usable.add(jdkName);
            }
        }
        boolean belowTls13 = protocols.stream().anyMatch(protocol -> !protocol.equals("TLSv1.3"));
        if (usable.isEmpty() && belowTls13) {
            throw new EdgeException("ssl_ciphers: " + quoted() + " leaves no cipher this edge supports (expected: at least one"
                    + " TLS 1.2 suite the JDK enables, such as ECDHE-RSA-AES128-GCM-SHA256"
                    + (disabled.isEmpty() ? "" : "; known but disabled here: " + shortList(disabled))
                    + (ignored.isEmpty() ? "" : "; unknown: " + shortList(ignored)) + ")");
        }
        result.addAll(usable);
        return List.copyOf(result);
    }

    /** The suites one element selects, or null if it names nothing known. */
    private static @Nullable Set<OpenSslCipher> select(String selector) {
        var named = NAMES.get(selector);
        if (named != null) {
            return EnumSet.of(named);
        }
        Predicate<OpenSslCipher> all = suite -> true;
        for (var part : selector.split("\\+")) {
            var keyword = KEYWORDS.get(part);
            var suite = NAMES.get(part);
            if (keyword != null) {
                all = all.and(keyword);
            } else if (suite != null) {
                all = all.and(suite::equals);
            } else {
                return null;
            }
        }
        var result = EnumSet.noneOf(OpenSslCipher.class);
        for (var suite : OpenSslCipher.values()) {
            if (all.test(suite)) {
                result.add(suite);
            }
        }
        return result;
    }

    private String quoted() {
        return spec.length() <= QUOTED_MAX ? spec : spec.substring(0, QUOTED_MAX) + "…";
    }

    private static String shortList(List<String> names) {
        return names.size() <= 6 ? String.join(", ", names) : String.join(", ", names.subList(0, 6)) + ", …";
    }

    private static Map<String, OpenSslCipher> names() {
        var names = new HashMap<String, OpenSslCipher>();
        for (var suite : OpenSslCipher.values()) {
            names.put(suite.openSslName, suite);
            names.put(suite.ianaName, suite);
            suite.aliases.forEach(alias -> names.put(alias, suite));
        }
        return Map.copyOf(names);
    }

    private static Map<String, Predicate<OpenSslCipher>> keywords() {
        var k = new HashMap<String, Predicate<OpenSslCipher>>();
        Predicate<OpenSslCipher> all = suite -> suite.enc != Enc.NONE;
        Predicate<OpenSslCipher> complementOfDefault = suite -> suite.au == Au.NONE || suite.enc == Enc.RC4;
        k.put("ALL", all);
        k.put("DEFAULT", all.and(complementOfDefault.negate()));
        k.put("COMPLEMENTOFDEFAULT", all.and(complementOfDefault));
        k.put("COMPLEMENTOFALL", suite -> suite.enc == Enc.NONE);
        k.put("HIGH", suite -> suite.enc.high);
        k.put("MEDIUM", OpenSslCipher::medium);
        for (var none : List.of("LOW", "EXP", "EXPORT", "EXPORT40", "EXPORT56", "DES", "IDEA", "SEED", "CAMELLIA",
                "CAMELLIA128", "CAMELLIA256", "ARIA", "PSK", "kPSK", "aPSK", "SRP", "GOST", "SSLv2")) {
            k.put(none, suite -> false); // known to OpenSSL, nothing JSSE implements
        }
        k.put("eNULL", suite -> suite.enc == Enc.NONE);
        k.put("NULL", suite -> suite.enc == Enc.NONE);
        k.put("aNULL", suite -> suite.au == Au.NONE);
        k.put("kRSA", suite -> suite.kx == Kx.RSA);
        k.put("RSA", suite -> suite.kx == Kx.RSA);
        k.put("aRSA", suite -> suite.au == Au.RSA);
        for (var name : List.of("kDHE", "kEDH", "DH")) {
            k.put(name, suite -> suite.kx == Kx.DHE);
        }
        for (var name : List.of("DHE", "EDH")) {
            k.put(name, suite -> suite.kx == Kx.DHE && suite.au != Au.NONE);
        }
        k.put("ADH", suite -> suite.kx == Kx.DHE && suite.au == Au.NONE);
        for (var name : List.of("kECDHE", "kEECDH", "ECDH")) {
            k.put(name, suite -> suite.kx == Kx.ECDHE);
        }
        for (var name : List.of("ECDHE", "EECDH")) {
            k.put(name, suite -> suite.kx == Kx.ECDHE && suite.au != Au.NONE);
        }
        k.put("AECDH", suite -> suite.kx == Kx.ECDHE && suite.au == Au.NONE);
        k.put("aECDSA", suite -> suite.au == Au.ECDSA);
        k.put("ECDSA", suite -> suite.au == Au.ECDSA);
        k.put("aDSS", suite -> suite.au == Au.DSS);
        k.put("DSS", suite -> suite.au == Au.DSS);
        var aes = EnumSet.of(Enc.AES128, Enc.AES256, Enc.AES128GCM, Enc.AES256GCM);
        k.put("AES", suite -> aes.contains(suite.enc));
        k.put("AES128", suite -> suite.enc == Enc.AES128 || suite.enc == Enc.AES128GCM);
        k.put("AES256", suite -> suite.enc == Enc.AES256 || suite.enc == Enc.AES256GCM);
        k.put("AESGCM", suite -> suite.enc == Enc.AES128GCM || suite.enc == Enc.AES256GCM);
        k.put("CHACHA20", suite -> suite.enc == Enc.CHACHA20);
        k.put("3DES", suite -> suite.enc == Enc.TRIPLE_DES);
        k.put("RC4", suite -> suite.enc == Enc.RC4);
        k.put("MD5", suite -> suite.mac == Mac.MD5);
        k.put("SHA1", suite -> suite.mac == Mac.SHA1);
        k.put("SHA", suite -> suite.mac == Mac.SHA1);
        k.put("SHA256", suite -> suite.mac == Mac.SHA256);
        k.put("SHA384", suite -> suite.mac == Mac.SHA384);
        k.put("TLSv1.2", OpenSslCipher::tls12Only);
        for (var name : List.of("TLSv1.0", "TLSv1", "SSLv3")) {
            k.put(name, suite -> !suite.tls12Only());
        }
        return Map.copyOf(k);
    }
}
