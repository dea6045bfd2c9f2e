package io.backline.sdk.codegen;

import static io.backline.sdk.codegen.ResponseWriter.WireType.INTEGER;
import static io.backline.sdk.codegen.ResponseWriter.WireType.TEXT;
import static io.backline.sdk.codegen.ResponseWriter.WireType.TIME;

import io.backline.model.Kinds;
import io.backline.sdk.codegen.Operation.Param;
import io.backline.sdk.codegen.Operation.Result;
import io.backline.sdk.codegen.ResponseWriter.Shape;
import io.backline.sdk.codegen.ResponseWriter.WireField;
import java.util.ArrayList;
import java.util.List;

/**
 * A kind whose objects hold members of another kind, added, read and removed one at a time under
 * {@code …/<kind>/{name}/<member>/{memberName}}: a director's backends (the api's
 * {@code DirectorBackendHandlers}). The routes and their answer are the API's, written by hand
 * there rather than read from a schema, so they are declared here, once, in {@link #ALL}; each
 * gives its kind's group three operations named as Fastly's SDKs name them
 * ({@code CreateDirectorBackend}, {@code GetDirectorBackend}, {@code DeleteDirectorBackend}) and one
 * answer ({@code DirectorBackendResponse}).
 *
 * @param kind the holding kind's name ({@code director})
 * @param member the member kind's name ({@code backend})
 */
record Membership(String kind, String member) {
    /** Every membership the API routes. */
    static final List<Membership> ALL = List.of(new Membership("director", "backend"));

    /** The memberships whose both kinds are in {@code kinds}. */
    static List<Membership> in(Kinds kinds) {
        return ALL.stream().filter(m -> kinds.find(m.kind()).isPresent() && kinds.find(m.member()).isPresent()).toList();
    }

    /** {@code DirectorBackend}: the prefix of its operations and its answer. */
    String type() {
        return SdkNames.type(kind) + SdkNames.type(member);
    }

    /** The create, get and delete operations, for the holding kind's group. */
    List<Operation> operations(Param serviceId, Param versionId, Result status) {
        var holder = Param.of(JavaSource.camel(kind, false) + "Name", "String");
        var item = Param.of(JavaSource.camel(member, false) + "Name", "String");
        var path = List.of("service", "{serviceId}", "version", "{version}", kind, "{" + holder.name() + "}", member,
                "{" + item.name() + "}");
        var params = List.of(serviceId, versionId, holder, item);
        var result = new Result(JavaSource.decapitalise(type()) + "Response", type() + "Response", false);
        var noun = SdkNames.noun(kind);
        var memberNoun = SdkNames.noun(member);
        return List.of(
                new Operation("Create" + type(), kind, "POST", path, params, result, false,
                        "Makes a " + memberNoun + " of the version a member of a " + noun + " (404 when either is missing, 409 when it is"
                                + " one already)."),
                new Operation("Get" + type(), kind, "GET", path, params, result, true,
                        "Reads a " + memberNoun + "'s membership of a " + noun + " (404 when it is not a member)."),
                new Operation("Delete" + type(), kind, "DELETE", path, params, status, true,
                        "Removes a " + memberNoun + " from a " + noun + "; the " + memberNoun + " itself stays (404 when it is not a"
                                + " member)."));
    }

    /** The answer, as {@code DirectorBackendHandlers.shape} writes it. */
    Shape shape() {
        var fields = new ArrayList<WireField>();
        fields.add(new WireField("service_id", TEXT));
        fields.add(new WireField("version", INTEGER));
        fields.add(new WireField(kind + "_name", TEXT));
        fields.add(new WireField(member + "_name", TEXT));
        fields.add(new WireField("created_at", TIME));
        fields.add(new WireField("updated_at", TIME));
        fields.add(new WireField("deleted_at", TIME));
        return Shape.of(type() + "Response", "A " + SdkNames.noun(member) + "'s membership of a " + SdkNames.noun(kind)
                + " as the API answers it (Backline keeps no times per membership: a create answers its own time, a read the"
                + " " + SdkNames.noun(kind) + "'s).", fields);
    }
}
