package io.backline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Backend addresses (spec §4): a host name, an IPv4 or an IPv6 literal, never with a port. */
class AddressTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "origin.example.com, HOSTNAME",
        "integ-test.go-fastly.com, HOSTNAME",
        "localhost, HOSTNAME",
        "www.test.com., HOSTNAME",
        "a_b.example.com, HOSTNAME",
        "xn--bcher-kva.example, HOSTNAME",
        "192.0.2.10, IPV4",
        "0.0.0.0, IPV4",
        "255.255.255.255, IPV4",
        "2001:db8::1, IPV6",
        "::1, IPV6",
        "2001:0db8:0000:0000:0000:ff00:0042:8329, IPV6",
        "::ffff:192.0.2.1, IPV6"})
    void classifiesAddresses(String text, Address.Family family) {
        var address = Address.parse("address", text);

        assertThat(address.family()).isEqualTo(family);
        assertThat(address.text()).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[2001:db8::1]", "[::1]"})
    void stripsBracketsFromIpv6Literals(String text) {
        var address = Address.parse("address", text);

        assertThat(address.family()).isEqualTo(Address.Family.IPV6);
        assertThat(address.text()).isEqualTo(text.substring(1, text.length() - 1));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"host:80", "origin.example.com:443", "192.0.2.1:80", "[2001:db8::1]:443"})
    void refusesAddressesWithAPortInFastlysWording(String text) {
        assertThatThrownBy(() -> Address.parse("address", text))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID);
                    assertThat(e.detail()).startsWith("address: ")
                            .contains("Address '" + text + "' is not a valid IPv4, IPv6 or hostname")
                            .contains("expected:");
                });
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", ".", "http://origin.example.com", "origin example.com", "-bad.example.com",
            "bad-.example.com", "a..b", "1.2.3", "256.1.1.1", "192.0.2.300", "origin/path", "ex@mple.com", "::g"})
    void refusesWhatIsNeitherHostnameNorIp(String text) {
        assertThatThrownBy(() -> Address.parse("address", text))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID);
                    assertThat(e.detail()).contains("not a valid IPv4, IPv6 or hostname");
                });
    }

    @ParameterizedTest(name = "label of {0}")
    @CsvSource({"63, true", "64, false"})
    void limitsLabelsTo63Characters(int length, boolean valid) {
        var text = "a".repeat(length) + ".example.com";

        if (valid) {
            assertThat(Address.parse("address", text).family()).isEqualTo(Address.Family.HOSTNAME);
        } else {
            assertThatThrownBy(() -> Address.parse("address", text)).isInstanceOf(ConfigException.class);
        }
    }

    @ParameterizedTest(name = "host of {0} characters")
    @CsvSource({"253, true", "254, false"})
    void limitsHostnamesTo253Characters(int length, boolean valid) {
        // Four labels of 50 and a last one that makes up the length: "aaa…a.aaa…a.….bbb…b".
        var text = ("a".repeat(50) + ".").repeat(4) + "b".repeat(length - 204);
        assertThat(text).hasSize(length);

        if (valid) {
            assertThat(Address.parse("address", text).family()).isEqualTo(Address.Family.HOSTNAME);
        } else {
            assertThatThrownBy(() -> Address.parse("address", text)).isInstanceOf(ConfigException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ipv4", "hostname"})
    void namesTheFieldItWasGiven(String field) {
        assertThatThrownBy(() -> Address.parse(field, "host:80")).hasMessageStartingWith(field + ": ");
    }

    @Test
    void shortensLongInputInTheMessage() {
        var text = "x:".repeat(100);

        assertThatThrownBy(() -> Address.parse("address", text))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.detail()).doesNotContain(text);
                    assertThat(e.detail()).contains(text.substring(0, 80));
                });
    }
}
