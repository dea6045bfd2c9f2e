package io.backline.edge.tls;

import static io.backline.edge.tls.TlsHandshakeTest.backend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backline.edge.EdgeException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OpenSSL cipher strings ({@code ssl_ciphers}) translated to JSSE suite names. */
class TlsCipherListTest {
    private static final List<String> TLS12 = List.of("TLSv1.2");
    private static final List<String> TLS13_AND_12 = List.of("TLSv1.3", "TLSv1.2");
    /** A JDK that enables everything in the table (as an operator who re-enabled legacy suites would have). */
    private static final List<String> EVERYTHING = java.util.Arrays.stream(OpenSslCipher.values())
            .map(suite -> suite.ianaName.replace("TLS_RSA_WITH_3DES", "SSL_RSA_WITH_3DES")).toList();

    @Test
    void translatesOpenSslNamesToIanaNamesInOrder() {
        assertThat(jsse("ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384", EVERYTHING))
                .containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    }

    @Test
    void acceptsIanaNamesAndCommaOrSpaceSeparators() {
        assertThat(jsse("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, ECDHE-ECDSA-AES256-GCM-SHA384 DHE-RSA-AES128-SHA", EVERYTHING))
                .containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                        "TLS_DHE_RSA_WITH_AES_128_CBC_SHA");
    }

    @Test
    void highWithoutAnonymousAndMd5KeepsOnlyStrongAuthenticatedSuites() {
        var suites = CipherList.parse("HIGH:!aNULL:!MD5").suites();

        assertThat(suites).isNotEmpty().allSatisfy(suite -> {
            assertThat(suite.enc.high).isTrue();
            assertThat(suite.au).isNotEqualTo(OpenSslCipher.Au.NONE);
            assertThat(suite.mac).isNotEqualTo(OpenSslCipher.Mac.MD5);
        });
        assertThat(suites.getFirst()).isEqualTo(OpenSslCipher.ECDHE_ECDSA_AES256_GCM_SHA384);
        assertThat(suites).doesNotContain(OpenSslCipher.DES_CBC3_SHA, OpenSslCipher.RC4_SHA, OpenSslCipher.ADH_AES128_SHA);
    }

    @Test
    void mapsTheLegacyExampleAndDropsWhatTheJdkDisables() {
        var jdk = List.of("TLS_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"); // JDK 25: TLS_RSA_* disabled

        assertThat(CipherList.parse("DHE-RSA-AES256-SHA:AES256-GCM-SHA384").suites())
                .containsExactly(OpenSslCipher.DHE_RSA_AES256_SHA, OpenSslCipher.AES256_GCM_SHA384);
        assertThat(CipherList.parse("DHE-RSA-AES256-SHA:AES256-GCM-SHA384").forJsse(jdk, TLS13_AND_12))
                .containsExactly("TLS_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA");
    }

    @Test
    void bangRemovesForGoodButMinusLetsALaterElementAddBack() {
        assertThat(CipherList.parse("ALL:!RC4:RC4-SHA").suites()).doesNotContain(OpenSslCipher.RC4_SHA);
        assertThat(CipherList.parse("ALL:-RC4:RC4-SHA").suites()).last().isEqualTo(OpenSslCipher.RC4_SHA);
    }

    @Test
    void plusMovesListedSuitesToTheEndWithoutAddingAny() {
        assertThat(CipherList.parse("ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256:+SHA1:+RC4").suites())
                .containsExactly(OpenSslCipher.ECDHE_RSA_AES128_GCM_SHA256, OpenSslCipher.ECDHE_RSA_AES128_SHA);
    }

    @Test
    void aCombinationSelectsSuitesMatchingEveryPart() {
        assertThat(CipherList.parse("ECDHE+AESGCM+aRSA").suites())
                .containsExactly(OpenSslCipher.ECDHE_RSA_AES256_GCM_SHA384, OpenSslCipher.ECDHE_RSA_AES128_GCM_SHA256);
        assertThat(CipherList.parse("kEDH+AESGCM:!aNULL").suites()).allMatch(suite -> suite.kx == OpenSslCipher.Kx.DHE)
                .doesNotContain(OpenSslCipher.ADH_AES128_GCM_SHA256);
    }

    @Test
    void defaultExcludesAnonymousRc4AndNullSuitesAndAllExcludesOnlyNull() {
        assertThat(CipherList.parse("DEFAULT").suites()).isNotEmpty()
                .noneMatch(suite -> suite.au == OpenSslCipher.Au.NONE || suite.enc == OpenSslCipher.Enc.RC4
                        || suite.enc == OpenSslCipher.Enc.NONE);
        assertThat(CipherList.parse("ALL").suites()).contains(OpenSslCipher.ADH_AES128_SHA, OpenSslCipher.RC4_MD5)
                .doesNotContain(OpenSslCipher.NULL_SHA);
        assertThat(CipherList.parse("eNULL").suites()).allMatch(suite -> suite.enc == OpenSslCipher.Enc.NONE).isNotEmpty();
    }

    @Test
    void exclusionsOfWeakAlgorithmsWork() {
        var suites = CipherList.parse("ALL:!aNULL:!eNULL:!MD5:!RC4:!3DES:!SHA1").suites();

        assertThat(suites).isNotEmpty().allMatch(OpenSslCipher::tls12Only);
    }

    @Test
    void strengthSortsByKeyLength() {
        assertThat(CipherList.parse("AES128-SHA:AES256-SHA:@STRENGTH").suites())
                .containsExactly(OpenSslCipher.AES256_SHA, OpenSslCipher.AES128_SHA);
    }

    @Test
    void unknownNamesAreIgnoredLikeOpenSslIgnoresThem() {
        var list = CipherList.parse("FOO-BAR:ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=2:CAMELLIA:TLS_AES_128_GCM_SHA256");

        assertThat(list.suites()).containsExactly(OpenSslCipher.ECDHE_RSA_AES128_GCM_SHA256);
        assertThat(list.ignored()).containsExactly("FOO-BAR", "TLS_AES_128_GCM_SHA256");
    }

    @Test
    void putsTheJdksTls13SuitesFirstWhenTls13IsInRange() {
        var jdk = List.of("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");

        assertThat(CipherList.parse("ECDHE-RSA-AES128-GCM-SHA256").forJsse(jdk, TLS13_AND_12))
                .containsExactly("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(CipherList.parse("ECDHE-RSA-AES128-GCM-SHA256").forJsse(jdk, TLS12))
                .containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void usesTheJdksSslPrefixedNamesForOldSuites() {
        assertThat(jsse("DES-CBC3-SHA", List.of("SSL_RSA_WITH_3DES_EDE_CBC_SHA"))).containsExactly("SSL_RSA_WITH_3DES_EDE_CBC_SHA");
    }

    @Test
    void dropsTls12OnlySuitesWhenTheRangeEndsBelow12() {
        assertThat(CipherList.parse("ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA").forJsse(EVERYTHING, List.of("TLSv1.1", "TLSv1")))
                .containsExactly("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
    }

    @Test
    void refusesAListLeavingNoSuiteThisEdgeSupports() {
        assertThatThrownBy(() -> OriginTls.forBackend(backend("origin.test").ciphers("FOO-BAR").settings()))
                .isInstanceOf(EdgeException.class)
                .hasMessageStartingWith("backend 'origin': ssl_ciphers: FOO-BAR leaves no cipher this edge supports")
                .hasMessageContaining("unknown: FOO-BAR");
        assertThatThrownBy(() -> OriginTls.forBackend(backend("origin.test").ciphers("RC4-SHA:3DES:aNULL:eNULL").settings()))
                .isInstanceOf(EdgeException.class)
                .hasMessageContaining("ssl_ciphers: RC4-SHA:3DES:aNULL:eNULL leaves no cipher this edge supports")
                .hasMessageContaining("known but disabled here: RC4-SHA");
    }

    @Test
    void ignoresTheCipherListWhenOnlyTls13IsInRange() {
        var tls = OriginTls.forBackend(backend("origin.test").minTls("1.3").ciphers("RC4-MD5").settings());

        assertThat(tls.cipherSuites()).isNotEmpty().allMatch(suite -> !suite.contains("_WITH_"));
    }

    @Test
    void appliesTheTranslatedListThroughConfigure() {
        var tls = OriginTls.forBackend(backend("origin.test").maxTls("1.2").ciphers("ECDHE-RSA-AES128-GCM-SHA256").settings());
        var parameters = new javax.net.ssl.SSLParameters();

        tls.configure(parameters);

        assertThat(parameters.getCipherSuites()).containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(OriginTls.forBackend(backend("origin.test").settings()).cipherSuites()).isEmpty(); // unset: JDK defaults
    }

    private static List<String> jsse(String spec, List<String> jdk) {
        return CipherList.parse(spec).forJsse(jdk, TLS12);
    }
}
