package io.backline.sdk.codegen;

import static io.backline.sdk.codegen.ResponseWriter.WireType.BOOLEAN;
import static io.backline.sdk.codegen.ResponseWriter.WireType.INTEGER;
import static io.backline.sdk.codegen.ResponseWriter.WireType.TEXT;
import static io.backline.sdk.codegen.ResponseWriter.WireType.TEXT_LIST;
import static io.backline.sdk.codegen.ResponseWriter.WireType.TIME;

import io.backline.model.Kinds;
import io.backline.sdk.codegen.ResponseWriter.Shape;
import io.backline.sdk.codegen.ResponseWriter.WireField;
import java.util.ArrayList;
import java.util.List;

/**
 * The answers that no schema describes: {@code io.backline.wire.Shapes} writes the service,
 * version, status and validation bodies field by field, so the fields the SDK reads are listed
 * here. Only the version details' object lists follow the kinds.
 */
final class WireShapes {
    private WireShapes() {}

    static List<Shape> all(Kinds kinds) {
        var timestamps = List.of(new WireField("created_at", TIME), new WireField("updated_at", TIME), new WireField("deleted_at", TIME));
        var version = fields(List.of(new WireField("number", INTEGER), new WireField("service_id", TEXT), new WireField("comment", TEXT),
                new WireField("active", BOOLEAN), new WireField("locked", BOOLEAN), new WireField("deployed", BOOLEAN),
                new WireField("staging", BOOLEAN), new WireField("testing", BOOLEAN)), timestamps);
        var service = fields(List.of(new WireField("id", TEXT), new WireField("name", TEXT), new WireField("comment", TEXT),
                new WireField("customer_id", TEXT), new WireField("type", TEXT)), List.of());
        var shapes = new ArrayList<Shape>();
        shapes.add(new Shape("VersionResponse", "A version as the API answers it.", version, "JsonResponse", "", true));
        shapes.add(Shape.of("ServiceResponse",
                "A service as the API answers it ({@code version}, the listed version's number, is set in lists).",
                fields(service, List.of(new WireField("version", INTEGER), new WireField("paused", BOOLEAN)), timestamps))
                .withExtra("""

                            /** The service's versions, oldest first (the details call answers them too). */
                            public List<VersionResponse> versions() {
                                return objects("versions", VersionResponse::new);
                            }
                        """));
        shapes.add(new Shape("VersionDetail", "A version with what is in it, as the service details answer it.", List.of(),
                "VersionResponse", objectLists(kinds), false));
        shapes.add(Shape.of("ServiceDetail", "A service's details: every version, and the active one (or the newest) with its contents.",
                fields(service, List.of(new WireField("paused", BOOLEAN)), timestamps))
                .withExtra("""

                            public List<VersionResponse> versions() {
                                return objects("versions", VersionResponse::new);
                            }

                            /** The active version with its contents; null when nothing is active. */
                            public @Nullable VersionDetail activeVersion() {
                                var node = json().get("active_version");
                                return node == null || node.isNull() ? null : new VersionDetail(node);
                            }

                            /** The version the details show: the active one, or else the newest. */
                            public @Nullable VersionDetail version() {
                                var node = json().get("version");
                                return node == null || node.isNull() ? null : new VersionDetail(node);
                            }
                        """));
        shapes.add(Shape.of("StatusResponse", "The answer of a delete and of the like: {@code {\"status\":\"ok\"}}.",
                List.of(new WireField("status", TEXT))));
        shapes.add(Shape.of("ValidatorResult", "What validating a version found: {@code status} is {@code ok} or {@code error}.",
                List.of(new WireField("status", TEXT), new WireField("msg", TEXT), new WireField("errors", TEXT_LIST),
                        new WireField("warnings", TEXT_LIST), new WireField("messages", TEXT_LIST))));
        return shapes;
    }

    /** One list per kind, under the kind's plural, as the details answer them. */
    private static String objectLists(Kinds kinds) {
        var methods = new StringBuilder();
        for (var kind : SdkGenerator.named(kinds)) {
            if (kind.name().indexOf('/') >= 0) {
                continue; // logging endpoints are not in Fastly's version detail (ServiceHandlers)
            }
            methods.append("""

                        public List<%sResponse> %ss() {
                            return objects("%ss", %1$sResponse::new);
                        }
                    """.formatted(SdkNames.type(kind.name()), SdkNames.accessor(kind.name()), kind.name()));
        }
        return methods.toString();
    }

    @SafeVarargs
    private static List<WireField> fields(List<WireField>... parts) {
        var all = new ArrayList<WireField>();
        for (var part : parts) {
            all.addAll(part);
        }
        return List.copyOf(all);
    }
}
