package io.backline.store;

import io.backline.model.BackendSchema;
import io.backline.model.ConfigObject;
import io.backline.model.Service;
import io.backline.model.ServiceId;
import io.backline.model.ServiceType;
import io.backline.model.Values;
import io.backline.model.Version;
import java.time.Instant;
import java.util.List;

/**
 * Test data for the store contract: services, versions, objects and tokens with fixed,
 * second-precision times (the store keeps times to the second) and readable ids.
 */
final class StoreFixtures {
    /** A fixed "now"; tests move away from it in whole seconds. */
    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private StoreFixtures() {}

    static Instant at(long secondsAfterT0) {
        return T0.plusSeconds(secondsAfterT0);
    }

    static ServiceId serviceId(String suffix) {
        return new ServiceId("svc" + suffix);
    }

    static Service service(String id, String name, Instant created) {
        return new Service(serviceId(id), name, "", ServiceType.VCL, "customer1", created, created, null);
    }

    static Service service(String id, String name) {
        return service(id, name, T0);
    }

    static Version draft(ServiceId serviceId, int number) {
        return Version.draft(serviceId, number, "", T0);
    }

    static ConfigObject backend(ServiceId serviceId, int version, String name) {
        var values = BackendSchema.SCHEMA.defaults(ServiceType.VCL)
                .with(BackendSchema.NAME, name)
                .with(BackendSchema.ADDRESS, name + ".origin.example");
        return object(serviceId, version, values);
    }

    static ConfigObject widget(ServiceId serviceId, int version, String name) {
        return object(serviceId, version, WidgetSchema.named(name));
    }

    static ConfigObject object(ServiceId serviceId, int version, Values values) {
        return new ConfigObject(serviceId, version, values, T0, T0);
    }

    static Token token(String id, String hash, Instant created, List<String> services) {
        return new Token(id, "token " + id, hash, "global", services, created);
    }

    static Token token(String id, String hash) {
        return token(id, hash, T0, List.of());
    }

    /** The names of objects, in the order the store answered them. */
    static List<String> names(List<ConfigObject> objects) {
        return objects.stream().map(ConfigObject::name).toList();
    }

    /** The names of services, in the order the store answered them. */
    static List<String> serviceNames(List<Service> services) {
        return services.stream().map(Service::name).toList();
    }
}
