package io.backline.edge;

import static io.backline.edge.ProxyFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.backline.edge.origin.OriginResolver;
import io.backline.model.BackendRules;
import io.backline.model.BackendSchema;
import io.backline.model.ServiceType;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Backend addresses that are host names: resolved off the event loop, the family chosen by prefer_ipv6. */
class ProxyAddressTest {

    @Test
    void hostNameAddressIsResolvedAndServed() {
        try (var origin = ProxyOrigin.start("named"); var edge = ProxyFixtures.start(snapshot(named("localhost", origin.port())))) {
            var response = ProxyClient.get(edge.port(), "example.com", "/");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("named");
        }
    }

    @Test
    void unresolvableAddressIsA503DnsLookupFailed() {
        try (var edge = ProxyFixtures.start(snapshot(named("no-such-host.invalid", 80)))) {
            var response = ProxyClient.get(edge.port(), "example.com", "/");
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("X-Backline-Error")).isEqualTo("DNS lookup failed: no-such-host.invalid");
        }
    }

    @Test
    void preferIpv6PicksTheFirstAaaaRecordAndOtherwiseTheFirstA() throws Exception {
        var v4 = InetAddress.getByName("192.0.2.1");
        var v6 = InetAddress.getByName("2001:db8::1");
        var both = new InetAddress[] {v4, v6};
        assertThat(OriginResolver.pick(both, true)).isEqualTo(v6);
        assertThat(OriginResolver.pick(both, false)).isEqualTo(v4);
        assertThat(OriginResolver.pick(new InetAddress[] {v6}, false)).isEqualTo(v6);
        assertThat(OriginResolver.pick(new InetAddress[] {v4}, true)).isEqualTo(v4);
    }

    private static io.backline.model.Values named(String address, int port) {
        return BackendRules.INSTANCE.create(BackendSchema.SCHEMA.parse(Map.of("name", List.of("named"), "address", List.of(address),
                "port", List.of(Integer.toString(port)), "connect_timeout", List.of("5000"))), ServiceType.VCL);
    }
}
