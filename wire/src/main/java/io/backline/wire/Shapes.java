package io.backline.wire;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backline.model.ConfigObject;
import io.backline.model.Field;
import io.backline.model.Service;
import io.backline.model.Version;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Fastly's response objects (spec §3): every key always present, {@code null} when unset, numbers
 * and booleans as real JSON types (the npm client reads the string "0" as true), timestamps as
 * second-precision ISO strings.
 */
public final class Shapes {
    /** Fastly's environment names: where the active version and the staged version are deployed. */
    public static final String PRODUCTION = "production";
    public static final String STAGING = "staging";

    private Shapes() {}

    /** {@code GET /service/{id}}, create and update: the service with all its versions. */
    public static ObjectNode service(Service service, List<Version> versions) {
        var node = serviceFields(service, versions);
        node.put("paused", false);
        node.put("publish_key", "");
        node.set("versions", versions(versions));
        return node;
    }

    /** An item of {@code GET /service}: the service plus {@code version}, without {@code publish_key}. */
    public static ObjectNode serviceListItem(Service service, List<Version> versions) {
        var node = serviceFields(service, versions);
        node.put("paused", false);
        node.put("version", listedVersion(versions));
        node.set("versions", versions(versions));
        return node;
    }

    /** {@code GET /service/search}: the service as recorded, without {@code paused} or {@code publish_key}. */
    public static ObjectNode serviceSearchResult(Service service, List<Version> versions) {
        var node = serviceFields(service, versions);
        node.set("versions", versions(versions));
        return node;
    }

    /** The active version's number when there is one, otherwise the highest (spec §3.1). */
    public static int listedVersion(List<Version> versions) {
        int highest = 0;
        for (var version : versions) {
            if (version.active()) {
                return version.number();
            }
            highest = Math.max(highest, version.number());
        }
        return highest;
    }

    private static ObjectNode serviceFields(Service service, List<Version> versions) {
        var node = Json.object();
        node.put("id", service.id().value());
        node.put("name", service.name());
        node.put("comment", service.comment());
        node.put("customer_id", service.customerId());
        node.put("type", service.type().wireName());
        node.put("created_at", Json.time(service.createdAt()));
        node.put("updated_at", Json.time(service.updatedAt()));
        node.put("deleted_at", Json.time(service.deletedAt()));
        var environments = node.putArray("environments");
        versions.forEach(version -> addEnvironments(environments, version));
        return node;
    }

    /**
     * The environments a version is deployed to, as Fastly's recorded answers (go-fastly's
     * {@code fixtures/services/compute/list.yaml}) show them on the service and on the version:
     * {@code {"name":"production","service_id":…,"active_version":N}} for the active version, and
     * the same with {@code "staging"} for the staged one (the Terraform provider reads that entry
     * for {@code staged_version}). Production comes first.
     */
    private static void addEnvironments(ArrayNode environments, Version version) {
        if (version.active()) {
            environments.add(environment(PRODUCTION, version));
        }
        if (version.staging()) {
            environments.add(environment(STAGING, version));
        }
    }

    private static ObjectNode environment(String name, Version version) {
        var node = Json.object();
        node.put("name", name);
        node.put("service_id", version.serviceId().value());
        node.put("active_version", version.number());
        return node;
    }

    public static ArrayNode versions(List<Version> versions) {
        var array = JsonNodeFactory.instance.arrayNode();
        versions.forEach(v -> array.add(version(v)));
        return array;
    }

    public static ObjectNode version(Version version) {
        var node = Json.object();
        node.put("number", version.number());
        node.put("service_id", version.serviceId().value());
        node.put("comment", version.comment());
        node.put("active", version.active());
        node.put("locked", version.locked());
        node.put("deployed", false);
        node.put("staging", version.staging());
        node.put("testing", false);
        node.put("created_at", Json.time(version.createdAt()));
        node.put("updated_at", Json.time(version.updatedAt()));
        node.putNull("deleted_at");
        addEnvironments(node.putArray("environments"), version);
        return node;
    }

    /** The answer to a blank version create: Fastly's minimal shape. */
    public static ObjectNode createdVersion(Version version) {
        var node = Json.object();
        node.put("service_id", version.serviceId().value());
        node.put("number", version.number());
        if (!version.comment().isEmpty()) {
            node.put("comment", version.comment());
        }
        return node;
    }

    /** A per-version object (backend, …): its schema's fields, then identity and timestamps. */
    public static ObjectNode object(ConfigObject object) {
        var node = Json.object();
        var values = object.values();
        for (var field : object.schema().fields()) {
            put(node, field, values.raw(field));
        }
        node.put("service_id", object.serviceId().value());
        if (object.schema().versionWireAsString()) {
            // Fastly's quirk, kept because clients read it this way: conditions and logging endpoints carry the version as a string.
            node.put("version", Integer.toString(object.version()));
        } else {
            node.put("version", object.version());
        }
        node.put("created_at", Json.time(object.createdAt()));
        node.put("updated_at", Json.time(object.updatedAt()));
        node.putNull("deleted_at");
        return node;
    }

    /**
     * A singleton's answer ({@code …/settings}, {@code …/http3}): its fields, {@code service_id} and
     * {@code version}; a flag that can be absent also carries its timestamps, as Fastly's does. The
     * settings carry none (go-fastly's recorded {@code settings/get}).
     */
    public static ObjectNode singleton(ConfigObject object) {
        var node = fields(object);
        node.put("service_id", object.serviceId().value());
        node.put("version", object.version());
        if (object.schema().cardinality() == io.backline.model.Schema.Cardinality.AT_MOST_ONE) {
            node.put("created_at", Json.time(object.createdAt()));
            node.put("updated_at", Json.time(object.updatedAt()));
            node.putNull("deleted_at");
        }
        return node;
    }

    /** An object's schema fields alone, as the version details nest the settings. */
    public static ObjectNode fields(ConfigObject object) {
        var node = Json.object();
        for (var field : object.schema().fields()) {
            put(node, field, object.values().raw(field));
        }
        return node;
    }

    public static ArrayNode objects(List<ConfigObject> objects) {
        var array = JsonNodeFactory.instance.arrayNode();
        objects.forEach(o -> array.add(object(o)));
        return array;
    }

    private static void put(ObjectNode node, Field<?> field, @Nullable Object value) {
        var name = field.name();
        switch (value) {
            case null -> node.putNull(name);
            case String text -> node.put(name, text);
            case Integer number when field.wireAsString() -> node.put(name, number.toString());
            case Integer number -> node.put(name, number);
            case Boolean flag when field.wireAsString() -> node.put(name, flag ? "1" : "0");
            case Boolean flag -> node.put(name, flag);
            case List<?> list -> {
                var array = node.putArray(name);
                list.forEach(item -> array.add(String.valueOf(item)));
            }
            default -> throw new IllegalStateException("unexpected value type in " + name + ": " + value.getClass());
        }
    }

    /** Fastly's legacy error envelope; {@code detail} is left out when there is none. */
    public static ObjectNode error(String msg, @Nullable String detail) {
        var node = Json.object();
        node.put("msg", msg);
        if (detail != null) {
            node.put("detail", detail);
        }
        return node;
    }

    /** The body of every successful delete; go-fastly requires {@code status == "ok"}. */
    public static ObjectNode ok() {
        var node = Json.object();
        node.put("status", "ok");
        return node;
    }
}
