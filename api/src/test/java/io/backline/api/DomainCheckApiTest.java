package io.backline.api;

import static io.backline.api.ApiHarness.form;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The domain routes go-fastly's recordings use beyond create/read/update/delete: the DNS checks
 * (through a resolver the test hands the server, so no DNS is needed), the service-level list and
 * {@code ?include=staging_ips}.
 */
class DomainCheckApiTest {
    /** What the test's resolver knows; any other name does not resolve. */
    private static final Map<String, DomainResolver.Resolution> DNS = new ConcurrentHashMap<>(Map.of(
            "www.resolves.example", new DomainResolver.Resolution(Optional.of("edge.backline.example"), true),
            "api.resolves.example", new DomainResolver.Resolution(Optional.empty(), true)));

    @RegisterExtension
    static final ApiHarness api = ApiHarness.withResolver(name -> DNS.getOrDefault(name, DomainResolver.Resolution.NONE));

    private static String domains(String sid, int version) {
        return "/service/" + sid + "/version/" + version + "/domain";
    }

    @Test
    void checkAnswersTheDomainItsCnameAndWhetherItResolves() {
        var sid = api.createService("domain check");
        api.post(domains(sid, 1), form("name", "www.resolves.example", "comment", "c")).ok();
        api.post(domains(sid, 1), form("name", "nowhere.example")).ok();

        var resolves = api.get(domains(sid, 1) + "/www.resolves.example/check").ok().json();
        var nowhere = api.get(domains(sid, 1) + "/nowhere.example/check").ok().json();

        assertThat(resolves).hasSize(3);
        assertThat(resolves.get(0).path("name").asText()).isEqualTo("www.resolves.example");
        assertThat(resolves.get(0).path("comment").asText()).isEqualTo("c");
        assertThat(resolves.get(0).path("version").isInt()).isTrue();
        assertThat(resolves.get(1).asText()).isEqualTo("edge.backline.example");
        assertThat(resolves.get(2).isBoolean() && resolves.get(2).asBoolean()).isTrue();
        assertThat(nowhere.get(1).isNull()).isTrue();
        assertThat(nowhere.get(2).isBoolean() && !nowhere.get(2).asBoolean()).isTrue();
        assertThat(api.get(domains(sid, 1) + "/missing.example/check").status(404).json().path("detail").asText())
                .contains("missing.example");
    }

    @Test
    void checkAllIsARouteNotADomainNameAndAnswersOneTriplePerDomain() {
        var sid = api.createService("domain check all");
        api.post(domains(sid, 1), form("name", "api.resolves.example")).ok();
        api.post(domains(sid, 1), form("name", "*.wild.example")).ok();

        var all = api.get(domains(sid, 1) + "/check_all").ok().json();

        assertThat(all).hasSize(2);
        assertThat(all.get(0).get(0).path("name").asText()).isEqualTo("api.resolves.example");
        assertThat(all.get(0).get(1).isNull()).isTrue();
        assertThat(all.get(0).get(2).asBoolean()).isTrue();
        assertThat(all.get(1).get(0).path("name").asText()).isEqualTo("*.wild.example");
        assertThat(all.get(1).get(2).asBoolean()).as("a wildcard is never looked up").isFalse();
        assertThat(api.get(domains(sid, 9) + "/check_all").status(404).json().path("detail").asText()).contains("number => 9");
    }

    @Test
    void theServiceLevelListHoldsEveryVersionsDomainsWithTheVersionsLock() {
        var sid = api.createService("domain service list");
        api.post(domains(sid, 1), form("name", "one.example")).ok();
        api.put("/service/" + sid + "/version/1/lock").ok();
        api.put("/service/" + sid + "/version/1/clone").ok();
        api.post(domains(sid, 2), form("name", "two.example")).ok();

        var list = api.get("/service/" + sid + "/domain").ok().json();

        assertThat(list).hasSize(3);
        assertThat(list.get(0).path("name").asText()).isEqualTo("one.example");
        assertThat(list.get(0).path("version").asInt()).isEqualTo(1);
        assertThat(list.get(0).path("locked").asBoolean()).isTrue();
        assertThat(list.get(2).path("name").asText()).isEqualTo("two.example");
        assertThat(list.get(2).path("version").asInt()).isEqualTo(2);
        assertThat(list.get(2).path("locked").isBoolean() && !list.get(2).path("locked").asBoolean()).isTrue();
        api.get("/service/nosuchservice000000000/domain").status(404);
    }

    @Test
    void includeStagingIpsAddsAStagingIpToEachDomainOfTheVersionList() {
        var sid = api.createService("domain staging ips");
        api.post(domains(sid, 1), form("name", "staged.example")).ok();

        var plain = api.get(domains(sid, 1)).ok().json();
        var withIps = api.get(domains(sid, 1) + "?include=staging_ips").ok().json();

        assertThat(plain.get(0).has("staging_ip")).isFalse();
        assertThat(withIps.get(0).has("staging_ip")).isTrue();
        assertThat(withIps.get(0).path("name").asText()).isEqualTo("staged.example");
    }
}
