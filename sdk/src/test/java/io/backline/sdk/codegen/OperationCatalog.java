package io.backline.sdk.codegen;

import io.backline.model.ObjectKind;
import io.backline.sdk.codegen.Operation.Param;
import io.backline.sdk.codegen.Operation.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The operation groups: five per object kind (create, delete, get, list, update), derived from
 * the kind's name, with three more per {@link Membership} the kind holds, and the service and
 * version operations, which the API routes by hand and so are listed here.
 */
final class OperationCatalog {
    private static final Param SERVICE_ID = Param.of("serviceId", "String");
    private static final Param VERSION_ID = Param.of("versionId", "version");
    private static final Result STATUS = new Result("statusResponse", "StatusResponse", false);

    /** One group class: {@code Backends}, reached as {@code client.backend()}. */
    record Group(String cls, String doc, List<Operation> operations, String extra) {
        /** The client's accessor of the group: {@code backend}. */
        String accessor() {
            return SdkNames.accessor(operations.getFirst().group());
        }
    }

    private OperationCatalog() {}

    /** A kind's group, with the operations of those of {@code memberships} the kind holds. */
    static Group of(ObjectKind kind, List<Membership> memberships) {
        var name = kind.name();
        var type = SdkNames.type(name);
        var noun = SdkNames.noun(name);
        // A kind such as logging/syslog is two path segments: escaped as one, its slash would not route.
        var base = new ArrayList<>(List.of("service", "{serviceId}", "version", "{version}"));
        base.addAll(List.of(name.split("/")));
        var objectName = Param.of(JavaSource.camel(name, false) + "Name", "String");
        var one = new ArrayList<>(base);
        one.add("{" + objectName.name() + "}");
        var body = Param.body(SdkNames.accessor(name), type);
        var result = new Result(SdkNames.accessor(name) + "Response", type + "Response", false);
        var ops = new ArrayList<>(List.of(
                new Operation("Create" + type, name, "POST", base, List.of(SERVICE_ID, VERSION_ID, body), result, false,
                        "Creates a " + noun + " in a version."),
                new Operation("Delete" + type, name, "DELETE", one, List.of(SERVICE_ID, VERSION_ID, objectName), STATUS, true,
                        "Deletes a " + noun + " from a version."),
                new Operation("Get" + type, name, "GET", one, List.of(SERVICE_ID, VERSION_ID, objectName), result, true,
                        "Reads one " + noun + " of a version."),
                new Operation("List" + SdkNames.group(name), name, "GET", base, List.of(SERVICE_ID, VERSION_ID),
                        new Result(result.accessor() + "s", result.type(), true), true,
                        "Lists the " + noun + "s of a version, in creation order."),
                new Operation("Update" + type, name, "PUT", one, List.of(SERVICE_ID, VERSION_ID, objectName, body), result, true,
                        "Changes the mentioned fields of a " + noun + " (a name in the body renames it).")));
        memberships.stream().filter(m -> m.kind().equals(name)).forEach(m -> ops.addAll(m.operations(SERVICE_ID, VERSION_ID, STATUS)));
        var names = ops.stream().map(Operation::name).collect(Collectors.joining(", "));
        return new Group(SdkNames.group(name), "The " + noun + " operations of a version: " + names + ".", ops, "");
    }

    /**
     * A singleton kind's group, named as Fastly's SDKs name its operations: a kind with one value per
     * version (settings) is read and updated ({@code GetServiceSettings}, {@code UpdateServiceSettings}); one
     * with at most one (the HTTP/3 flag) is read (404 while absent), created and deleted ({@code GetHttp3},
     * {@code CreateHttp3}, {@code DeleteHttp3}). The routes are the api's {@code SettingsHandlers} and
     * {@code Http3Handlers}: {@code …/version/{v}/<kind>} with no name segment.
     */
    static Group singleton(ObjectKind kind) {
        var name = kind.name();
        var type = SdkNames.type(name);
        var noun = SdkNames.noun(name);
        var path = List.of("service", "{serviceId}", "version", "{version}", name);
        var result = new Result(SdkNames.accessor(name) + "Response", type + "Response", false);
        var both = List.of(SERVICE_ID, VERSION_ID);
        var ops = switch (kind.schema().cardinality()) {
            case ONE -> List.of(
                    new Operation("GetService" + type, name, "GET", path, both, result, true,
                            "Reads a version's " + noun + "; a version nobody wrote them for answers the defaults."),
                    new Operation("UpdateService" + type, name, "PUT", path,
                            List.of(SERVICE_ID, VERSION_ID, Param.body(SdkNames.accessor(name), type)), result, true,
                            "Changes the mentioned fields of an unlocked version's " + noun + "."));
            case AT_MOST_ONE -> List.of(
                    new Operation("Get" + type, name, "GET", path, both, result, true,
                            "Reads a version's " + noun + " ({@code NotFoundException} while there is none)."),
                    new Operation("Create" + type, name, "POST", path,
                            List.of(SERVICE_ID, VERSION_ID, Param.optionalBody(SdkNames.accessor(name), type)), result, false,
                            "Sets a version's " + noun + " (a second create is a {@code BadRequestException})."),
                    new Operation("Delete" + type, name, "DELETE", path, both, STATUS, true,
                            "Removes a version's " + noun + "; {@code ok} even when there was none."));
            case NAMED -> throw new IllegalArgumentException("kind: " + name + " (expected: a singleton kind)");
        };
        var names = ops.stream().map(Operation::name).collect(Collectors.joining(", "));
        return new Group(SdkNames.singletonGroup(name), "The " + noun + " of a version: " + names + ".", ops, "");
    }

    static Group versions() {
        var base = List.of("service", "{serviceId}", "version");
        var version = new Result("versionResponse", "VersionResponse", false);
        var both = List.of(SERVICE_ID, VERSION_ID);
        var environment = Param.of("environmentName", "String");
        var inEnvironment = List.of(SERVICE_ID, VERSION_ID, environment);
        return new Group("Versions", "The version operations: create, read, list, update, clone, activate, deactivate, lock,"
                + " validate, and activate or deactivate on an environment (staging).", List.of(
                new Operation("CreateServiceVersion", "version", "POST", base, List.of(SERVICE_ID), version, false, "Creates an empty version."),
                new Operation("GetServiceVersion", "version", "GET", path(base, "{version}"), both, version, true, "Reads one version."),
                new Operation("ListServiceVersions", "version", "GET", base, List.of(SERVICE_ID),
                        new Result("versionResponses", "VersionResponse", true), true, "Lists a service's versions."),
                new Operation("UpdateServiceVersion", "version", "PUT", path(base, "{version}"),
                        List.of(SERVICE_ID, VERSION_ID, Param.body("version", "Version")), version, true,
                        "Changes an unlocked version's comment."),
                new Operation("CloneServiceVersion", "version", "PUT", path(base, "{version}", "clone"), both, version, false,
                        "Copies a version and everything in it into a new, unlocked version."),
                new Operation("ActivateServiceVersion", "version", "PUT", path(base, "{version}", "activate"), both, version, true,
                        "Makes a version the active one (it is locked); the edge follows within milliseconds."),
                new Operation("DeactivateServiceVersion", "version", "PUT", path(base, "{version}", "deactivate"), both, version, true,
                        "Takes the active version out of service."),
                new Operation("ActivateServiceVersionEnvironment", "version", "PUT",
                        path(base, "{version}", "activate", "{environmentName}"), inEnvironment, version, true,
                        "Stages a version on an environment ({@code staging}, the one there is) without locking it; the"
                                + " service needs an active version, and staging another version moves the flag."),
                new Operation("DeactivateServiceVersionEnvironment", "version", "PUT",
                        path(base, "{version}", "deactivate", "{environmentName}"), inEnvironment, version, true,
                        "Takes a staged version off an environment ({@code staging})."),
                new Operation("LockServiceVersion", "version", "PUT", path(base, "{version}", "lock"), both, version, true,
                        "Locks a version against changes."),
                new Operation("ValidateServiceVersion", "version", "GET", path(base, "{version}", "validate"), both,
                        new Result("validatorResult", "ValidatorResult", false), true, "Checks a version without activating it.")),
                "");
    }

    static Group services() {
        var service = new Result("serviceResponse", "ServiceResponse", false);
        var one = List.of("service", "{serviceId}");
        return new Group("Services", "The service operations.", List.of(
                new Operation("CreateService", "service", "POST", List.of("service"), List.of(Param.body("service", "Service")), service,
                        false, "Creates a service and its version 1."),
                new Operation("GetService", "service", "GET", one, List.of(SERVICE_ID), service, true, "Reads a service and its versions."),
                new Operation("GetServiceDetail", "service", "GET", path(one, "details"), List.of(SERVICE_ID),
                        new Result("serviceDetail", "ServiceDetail", false), true, "Reads a service with its active version's number."),
                new Operation("ListServices", "service", "GET", List.of("service"),
                        List.of(Param.optional("page", "Integer"), Param.optional("perPage", "Integer"),
                                Param.optional("sort", "String"), Param.optional("direction", "String")),
                        new Result("serviceResponses", "ServiceResponse", true), true,
                        "Lists one page of services; {@link #listServicesAutoPaging} walks every page."),
                new Operation("SearchService", "service", "GET", List.of("service", "search"), List.of(Param.of("name", "String")), service,
                        true, "Finds a service by its exact name."),
                new Operation("UpdateService", "service", "PUT", one, List.of(SERVICE_ID, Param.body("service", "Service")), service, true,
                        "Renames a service or changes its comment."),
                new Operation("DeleteService", "service", "DELETE", one, List.of(SERVICE_ID), STATUS, true,
                        "Deletes a service that has no active version.")),
                AUTO_PAGING);
    }

    private static List<String> path(List<String> base, String... more) {
        var path = new ArrayList<>(base);
        path.addAll(List.of(more));
        return path;
    }

    /** Writes a group's class: its operations' methods and any extra ones. */
    static String code(Group group) {
        var first = group.operations().getFirst();
        var usage = "%s().%s(%sRequest.builder()…build())".formatted(group.accessor(), first.method(), first.name());
        var methods = group.operations().stream().map(OperationWriter::methods).collect(Collectors.joining());
        var doc = JavaSource.wrap(group.doc() + " Reached through {@link Backline}; thread-safe. Every operation takes its"
                + " request object and returns its response object, and throws an {@link ApiException} subclass for an"
                + " error status.", " * ");
        return """
                /**
                %s
                 *
                 * <pre>{@code
                 * var response = client.%s;
                 * }</pre>
                 */
                public final class %s {
                    private final Transport transport;

                    %3$s(Transport transport) {
                        this.transport = transport;
                    }
                %s%s}
                """.formatted(doc, usage, group.cls(), methods, group.extra());
    }

    private static final String AUTO_PAGING = """

                /**
                 * Every service, page after page ({@code Link: rel="next"}), fetched lazily as the iteration
                 * goes; {@code request}'s page is where it starts.
                 *
                 * <pre>{@code
                 * for (var service : client.service().listServicesAutoPaging(ListServicesRequest.builder().perPage(100).build())) {
                 *     System.out.println(service.id() + " " + service.name());
                 * }
                 * }</pre>
                 */
                public Iterable<ServiceResponse> listServicesAutoPaging(ListServicesRequest request) {
                    return listServicesAutoPaging(request, null);
                }

                /** {@link #listServicesAutoPaging(ListServicesRequest)} with options for every page's call. */
                public Iterable<ServiceResponse> listServicesAutoPaging(ListServicesRequest request, @Nullable RequestOptions options) {
                    return () -> new Paging<>(page -> {
                        var builder = ListServicesRequest.builder().page(page);
                        if (request.perPage() != null) {
                            builder.perPage(request.perPage());
                        }
                        if (request.sort() != null) {
                            builder.sort(request.sort());
                        }
                        if (request.direction() != null) {
                            builder.direction(request.direction());
                        }
                        var response = listServices(builder.build(), options);
                        return new Paging.Page<>(response.serviceResponses().orElse(List.of()), response.hasNextPage());
                    }, request.page() == null ? 1 : request.page());
                }
            """;
}
