package io.backline.api;

import io.backline.wire.Json;

/**
 * {@code GET /datacenters}: the POPs the control plane knows, in Fastly's shape (go-fastly's
 * {@code Datacenter}: code, name, group, coordinates, shield), so that {@code fastly pops} lists
 * them. A Backline POP has no place on a map: its coordinates are zeros, its group is
 * {@code Backline}, and its code is also its shield name, the value a backend's {@code shield} takes.
 */
final class DatacenterHandlers {
    private final PopDirectory pops;

    DatacenterHandlers(PopDirectory pops) {
        this.pops = pops;
    }

    void register(Router router) {
        router.add("GET", "datacenters", this::list);
    }

    private ApiResponse list(Call call) {
        var array = Json.mapper().createArrayNode();
        for (var code : pops.codes()) {
            var item = array.addObject();
            item.put("code", code);
            item.put("name", code);
            item.put("group", "Backline");
            var coordinates = item.putObject("coordinates");
            coordinates.put("x", 0);
            coordinates.put("y", 0);
            coordinates.put("latitude", 0.0);
            coordinates.put("longitude", 0.0);
            item.put("shield", code);
        }
        return ApiResponse.ok(array);
    }
}
