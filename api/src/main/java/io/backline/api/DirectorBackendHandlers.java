package io.backline.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backline.model.ConfigObject;
import io.backline.wire.Json;
import io.backline.wire.Shapes;
import java.time.Instant;

/**
 * HTTP adapter of director membership: {@code POST|GET|DELETE
 * /service/{sid}/version/{v}/director/{director}/backend/{backend}}. go-fastly posts its input
 * struct as a form ({@code Backend=…&Director=…&ServiceID=…}); the path says everything, so the body
 * is not read.
 */
final class DirectorBackendHandlers {
    private final DirectorMembers members;

    DirectorBackendHandlers(DirectorMembers members) {
        this.members = members;
    }

    void register(Router router) {
        var path = "service/{sid}/version/{v}/director/{director}/backend/{backend}";
        router.add("POST", path, call -> {
            var director = members.add(call.serviceId(), call.version(), call.param("director"), call.param("backend"));
            return ApiResponse.ok(shape(director, call.param("backend"), members.now()));
        }).add("GET", path, call -> {
            var director = members.get(call.serviceId(), call.version(), call.param("director"), call.param("backend"));
            return ApiResponse.ok(shape(director, call.param("backend"), director.updatedAt()));
        }).add("DELETE", path, call -> {
            members.remove(call.serviceId(), call.version(), call.param("director"), call.param("backend"));
            return ApiResponse.ok(Shapes.ok());
        });
    }

    /**
     * Fastly's director-backend shape (go-fastly fixtures director_backends/*.yaml). Backline keeps
     * no timestamps per membership: a create answers its own time, a read the director's.
     */
    private static ObjectNode shape(ConfigObject director, String backend, Instant at) {
        var node = Json.object();
        node.put("service_id", director.serviceId().value());
        node.put("version", director.version());
        node.put("director_name", director.name());
        node.put("backend_name", backend);
        node.put("created_at", Json.time(at));
        node.put("updated_at", Json.time(at));
        node.putNull("deleted_at");
        return node;
    }
}
