package io.backline.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backline.model.ConfigException;
import io.backline.model.ConfigObject;
import io.backline.model.DomainSchema;
import io.backline.model.PlainRules;
import io.backline.model.ServiceId;
import io.backline.wire.Shapes;
import java.util.ArrayList;
import java.util.List;

/**
 * The domain routes besides create, read, update and delete (which {@link ObjectHandlers} serves):
 * the service-level list {@code GET /service/{sid}/domain}, the version list with
 * {@code ?include=staging_ips}, and the DNS checks {@code …/domain/{name}/check} and
 * {@code …/domain/check_all}, which answer Fastly's {@code [domain, cname, ok]} triples.
 *
 * <p>Registered before the domain's object routes, so that {@code check_all} is never read as a
 * domain name. {@code ok} means the name resolves through {@link DomainResolver} to an address:
 * Backline cannot tell whether that address is one of its edges (docs/compatibility.md).
 */
final class DomainHandlers {
    private final ConfigService config;
    private final ObjectReads reads;
    private final DomainResolver resolver;

    DomainHandlers(ConfigService config, ObjectReads reads, DomainResolver resolver) {
        this.config = config;
        this.reads = reads;
        this.resolver = resolver;
    }

    void register(Router router) {
        var base = "service/{sid}/version/{v}/domain";
        router.add("GET", "service/{sid}/domain", this::serviceList)
                .add("GET", base, this::versionList)
                .add("GET", base + "/check_all", this::checkAll)
                .add("GET", base + "/{name}/check", this::check);
    }

    /** Every version's domains, oldest version first, each with its version's lock (go-fastly's ServiceDomain). */
    private ApiResponse serviceList(Call call) {
        var id = call.serviceId();
        var array = JsonNodeFactory.instance.arrayNode();
        config.store().read(tx -> {
            ConfigService.live(tx, id);
            for (var version : tx.versions(id)) {
                for (var domain : tx.objects(id, version.number(), DomainSchema.SCHEMA)) {
                    var node = Shapes.object(domain);
                    node.put("locked", version.locked());
                    array.add(node);
                }
            }
            return null;
        });
        return ApiResponse.ok(array);
    }

    /** The version's domains; with {@code include=staging_ips} each carries {@code staging_ip}. */
    private ApiResponse versionList(Call call) {
        var id = call.serviceId();
        var version = call.version();
        if (!"staging_ips".equals(call.queryValue("include"))) {
            return ApiResponse.okRendered(reads.render(ObjectRead.list(PlainRules.DOMAIN, id, version)).json());
        }
        var array = JsonNodeFactory.instance.arrayNode();
        for (var domain : domains(id, version)) {
            // The staging address is each edge's staging listener, which the API does not know: null, never a made-up one.
            array.add(Shapes.object(domain).putNull("staging_ip"));
        }
        return ApiResponse.ok(array);
    }

    private ApiResponse checkAll(Call call) {
        var array = JsonNodeFactory.instance.arrayNode();
        for (var domain : domains(call.serviceId(), call.version())) {
            array.add(triple(domain));
        }
        return ApiResponse.ok(array);
    }

    private ApiResponse check(Call call) {
        var id = call.serviceId();
        var version = call.version();
        var name = call.param("name");
        var domain = config.store().read(tx -> {
            ConfigService.version(tx, id, version);
            return tx.object(id, version.value(), DomainSchema.SCHEMA, name).orElseThrow(() -> ConfigException.notFound(
                    "Couldn't find Domain '{ deleted => 0000-00-00 00:00:00, name => " + name + ", service => " + id
                            + ", version => " + version + " }'"));
        });
        return ApiResponse.ok(triple(domain));
    }

    private List<ConfigObject> domains(ServiceId id, VersionNumber version) {
        return config.store().read(tx -> {
            ConfigService.version(tx, id, version);
            return new ArrayList<>(tx.objects(id, version.value(), DomainSchema.SCHEMA));
        });
    }

    /** {@code [domain, cname, ok]}: a wildcard is never looked up (no single name to resolve). */
    private ArrayNode triple(ConfigObject domain) {
        var name = domain.values().require(DomainSchema.NAME);
        var resolution = name.startsWith("*.") ? DomainResolver.Resolution.NONE : resolver.resolve(name);
        var triple = JsonNodeFactory.instance.arrayNode();
        ObjectNode metadata = Shapes.object(domain);
        triple.add(metadata);
        resolution.cname().ifPresentOrElse(triple::add, triple::addNull);
        triple.add(resolution.resolves());
        return triple;
    }
}
