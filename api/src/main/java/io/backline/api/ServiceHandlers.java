package io.backline.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backline.model.ConfigException;
import io.backline.model.Kinds;
import io.backline.model.ObjectKind;
import io.backline.model.ServiceSchema;
import io.backline.model.SettingsSchema;
import io.backline.model.Version;
import io.backline.store.ServicePage;
import io.backline.wire.Json;
import io.backline.wire.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** HTTP adapter of services: {@code /service}, search, details. */
final class ServiceHandlers {
    private static final int DEFAULT_PER_PAGE = 20;
    private static final int MAX_PER_PAGE = 1_000;

    private final ConfigService config;
    private final Kinds kinds;

    ServiceHandlers(ConfigService config, Kinds kinds) {
        this.config = config;
        this.kinds = kinds;
    }

    void register(Router router) {
        router.add("POST", "service", ServiceSchema.SCHEMA, this::create)
                .add("GET", "service", this::list)
                .add("GET", "service/search", this::search)
                .add("GET", "service/{sid}", this::get)
                .add("PUT", "service/{sid}", ServiceSchema.SCHEMA, this::update)
                .add("DELETE", "service/{sid}", this::delete)
                .add("GET", "service/{sid}/details", this::details)
                .add("GET", "service/{sid}/diff/from/{from}/to/{to}", this::diff);
    }

    private ApiResponse create(Call call) {
        if (!(call.principal().visibility() instanceof Visibility.All)) {
            // What Fastly answers a service-restricted token (cli#1780), with a hint of why.
            throw ConfigException.notFound("Cannot find 'service' (this token is restricted to some services and cannot create one)");
        }
        var view = config.createService(call.changes());
        return ApiResponse.ok(Shapes.service(view.service(), view.versions()));
    }

    private ApiResponse list(Call call) {
        int page = positive(call, "page", 1, Integer.MAX_VALUE / MAX_PER_PAGE);
        int perPage = positive(call, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE);
        var sort = switch (String.valueOf(call.queryValue("sort")).toLowerCase(Locale.ROOT)) {
            case "null", "", "created", "created_at" -> ServicePage.Sort.CREATED;
            case "updated", "updated_at" -> ServicePage.Sort.UPDATED;
            case "name" -> ServicePage.Sort.NAME;
            default -> throw ConfigException.invalid("sort: '" + call.queryValue("sort") + "' (expected: created, updated or name)");
        };
        var direction = String.valueOf(call.queryValue("direction")).toLowerCase(Locale.ROOT);
        boolean descending = switch (direction) {
            case "null", "", "ascend", "asc" -> false;
            case "descend", "desc" -> true;
            default -> throw ConfigException.invalid("direction: '" + call.queryValue("direction") + "' (expected: ascend or descend)");
        };
        var result = config.listServices(new ServicePage(page, perPage, sort, descending), call.principal().visibility());
        var array = JsonNodeFactory.instance.arrayNode();
        result.services().forEach(v -> array.add(Shapes.serviceListItem(v.service(), v.versions())));
        var response = ApiResponse.ok(array);
        int last = Math.max(1, (result.total() + perPage - 1) / perPage);
        var link = link(call, page, last);
        return link.isEmpty() ? response : response.withHeader("Link", link);
    }

    /** RFC 5988 links that repeat the request's query and change only {@code page} (go-fastly needs it). */
    private static String link(Call call, int page, int last) {
        var links = new StringJoiner(", ");
        if (page < last) {
            links.add("<" + pageUrl(call, last) + ">; rel=\"last\"");
            links.add("<" + pageUrl(call, page + 1) + ">; rel=\"next\"");
        }
        if (page > 1) {
            links.add("<" + pageUrl(call, Math.min(page - 1, last)) + ">; rel=\"prev\"");
            links.add("<" + pageUrl(call, 1) + ">; rel=\"first\"");
        }
        return links.toString();
    }

    private static String pageUrl(Call call, int page) {
        var parts = new ArrayList<String>();
        boolean replaced = false;
        for (Map.Entry<String, List<String>> entry : call.query().entrySet()) {
            for (var value : entry.getValue()) {
                if (entry.getKey().equals("page")) {
                    if (!replaced) {
                        parts.add("page=" + page);
                        replaced = true;
                    }
                } else {
                    parts.add(PathCodec.encodeQueryValue(entry.getKey()) + "=" + PathCodec.encodeQueryValue(value));
                }
            }
        }
        if (!replaced) {
            parts.add("page=" + page);
        }
        return call.baseUrl() + call.rawPath() + "?" + String.join("&", parts);
    }

    private static int positive(Call call, String name, int fallback, int max) {
        var text = call.queryValue(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        int value = VersionNumber.positiveInt(text);
        if (value < 1 || value > max) {
            throw ConfigException.invalid(name + ": '" + text + "' (expected: an integer from 1 to " + max + ")");
        }
        return value;
    }

    private ApiResponse search(Call call) {
        var name = call.queryValue("name");
        if (name == null || name.isEmpty()) {
            throw ConfigException.invalid("name: missing (expected: the exact name of a service)");
        }
        var view = config.searchService(name, call.principal().visibility());
        return ApiResponse.ok(Shapes.serviceSearchResult(view.service(), view.versions()));
    }

    private ApiResponse get(Call call) {
        var view = config.service(call.serviceId());
        return ApiResponse.ok(Shapes.service(view.service(), view.versions()));
    }

    private ApiResponse update(Call call) {
        var view = config.updateService(call.serviceId(), call.changes());
        return ApiResponse.ok(Shapes.service(view.service(), view.versions()));
    }

    private ApiResponse delete(Call call) {
        config.deleteService(call.serviceId());
        return ApiResponse.ok(Shapes.ok());
    }

    private ApiResponse diff(Call call) {
        var from = VersionNumber.parse("from", call.param("from"));
        var to = VersionNumber.parse("to", call.param("to"));
        var format = String.valueOf(call.queryValue("format"));
        if (!format.equals("null") && !format.equals("json") && !format.equals("text")) {
            throw ConfigException.invalid("format: '" + format + "' (expected: json or text)");
        }
        var pair = config.pair(call.serviceId(), from, to, kinds.rules());
        var changes = VersionDiff.between(pair.get(0), pair.get(1));
        var node = Json.object();
        node.put("from", from.value());
        node.put("to", to.value());
        node.put("format", format.equals("text") ? "text" : "json");
        if (format.equals("text")) {
            node.put("diff", VersionDiff.text(from, to, changes));
        } else {
            node.putNull("diff");
        }
        node.set("changes", VersionDiff.json(changes));
        return ApiResponse.ok(node);
    }

    private ApiResponse details(Call call) {
        var id = call.serviceId();
        var versionText = call.queryValue("version");
        var requested = versionText == null || versionText.isEmpty() ? null : VersionNumber.parse("version", versionText);
        if (requested == null && "true".equals(call.queryValue("filter[versions.staged]"))) {
            // The CLI's --version staged reads `version` from this; no staged version answers it null.
            var staged = config.versions(id).stream().filter(Version::staging).findFirst();
            if (staged.isEmpty()) {
                var details = config.details(id, null, kinds.rules());
                var node = Shapes.service(details.view().service(), details.view().versions());
                node.putNull("version");
                node.set("active_version", details.active() == null ? null : versionDetail(details.active()));
                return ApiResponse.ok(node);
            }
            requested = VersionNumber.of(staged.get().number());
        }
        var details = config.details(id, requested, kinds.rules());
        var node = Shapes.service(details.view().service(), details.view().versions());
        node.set("version", details.shown() == null ? null : versionDetail(details.shown()));
        if (details.active() == null) {
            node.putNull("active_version");
        } else {
            node.set("active_version", versionDetail(details.active()));
        }
        return ApiResponse.ok(node);
    }

    private ObjectNode versionDetail(ConfigService.VersionContents contents) {
        var node = Shapes.version(contents.version());
        for (var name : List.of("acls", "backends", "cache_settings", "conditions", "dictionaries", "directors", "domains",
                "gzips", "headers", "healthchecks", "request_settings", "response_objects", "snippets", "vcls", "wordpress")) {
            node.putArray(name);
        }
        contents.objects().forEach((kind, objects) -> {
            // Fastly's version detail lists no logging endpoints (spec §3.1): a kind with a path (logging/syslog) stays out.
            if (kinds.find(kind).filter(ObjectKind::singleton).isEmpty() && kind.indexOf('/') < 0) {
                node.set(kind + "s", Shapes.objects(objects));
            }
        });
        // Fastly nests the settings' fields alone; other singletons (the HTTP/3 flag) are not in details.
        var settings = contents.objects().getOrDefault(SettingsSchema.SCHEMA.kind(), List.of());
        if (!settings.isEmpty()) {
            node.set("settings", Shapes.fields(settings.getFirst()));
        }
        return node;
    }
}
