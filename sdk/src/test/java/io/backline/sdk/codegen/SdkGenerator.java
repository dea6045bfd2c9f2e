package io.backline.sdk.codegen;

import static io.backline.sdk.codegen.ResponseWriter.WireType.INTEGER;
import static io.backline.sdk.codegen.ResponseWriter.WireType.TEXT;
import static io.backline.sdk.codegen.ResponseWriter.WireType.TIME;

import io.backline.condition.StandardKinds;
import io.backline.model.Kinds;
import io.backline.model.ObjectKind;
import io.backline.model.Schema;
import io.backline.model.ServiceSchema;
import io.backline.model.VersionSchema;
import io.backline.sdk.codegen.ResponseWriter.Shape;
import io.backline.sdk.codegen.ResponseWriter.WireField;
import io.backline.sdk.codegen.ResponseWriter.WireType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Generates the SDK's repetitive sources from the server's own declarations, so a field or kind
 * added to the model reaches the SDK on the next regeneration with nothing else to edit. It writes,
 * under {@code sdk/src/main/java/io/backline/sdk/}:
 *
 * <ul>
 *   <li>{@code models/components/}: a request body per object kind of
 *       {@link StandardKinds#KINDS} and for {@link ServiceSchema} and {@link VersionSchema}
 *       ({@code Backend}, …, {@code Service}, {@code Version}), one setter and one
 *       {@code clearX()} per schema field; a typed answer per kind ({@code BackendResponse}, …),
 *       the schema's fields plus the identity and timestamps every object carries; and the answers
 *       the API shapes by hand ({@code ServiceResponse}, {@code ServiceDetail},
 *       {@code VersionResponse}, {@code VersionDetail} with one list per kind,
 *       {@code StatusResponse}, {@code ValidatorResult}) and one per membership
 *       ({@code DirectorBackendResponse});
 *   <li>{@code models/operations/}: a request and a response class per operation, five per kind
 *       and those of {@link OperationCatalog#services()} and {@link OperationCatalog#versions()};
 *   <li>the operation groups {@code Backends}, …, {@code Services}, {@code Versions}, with the
 *       membership calls of {@link Membership#ALL} on their kind's group, and one group per
 *       singleton kind ({@code SettingsOperations}, {@code Http3Operations}, see
 *       {@link OperationCatalog#singleton}) with its body ({@code Settings}) and answer;
 *   <li>{@code OperationGroups}, the superclass of {@code Backline} with an accessor per group.
 * </ul>
 *
 * <p>Each file starts with {@link JavaSource#HEADER}. Hand-written files ({@code Backline},
 * {@code Transport}, {@code FormBody}, …) are never touched. Run {@code sdk/codegen/regenerate.sh}
 * to rewrite the committed files; {@code GeneratedSourcesTest} fails the build when they differ
 * from a fresh generation.
 */
public final class SdkGenerator {
    /** What {@code Shapes.object} adds after a kind's schema fields on the wire. */
    private static final List<WireField> OBJECT_IDENTITY = List.of(new WireField("service_id", TEXT),
            new WireField("version", INTEGER), new WireField("created_at", TIME), new WireField("updated_at", TIME),
            new WireField("deleted_at", TIME));

    /** What {@code Shapes.singleton} adds to a value that always exists (settings): no timestamps. */
    private static final List<WireField> SINGLETON_IDENTITY = OBJECT_IDENTITY.subList(0, 2);

    /** Fields an api handler adds to a singleton's answer by hand: {@code Http3Handlers.shape}, as Fastly answers it. */
    private static final Map<String, List<WireField>> SINGLETON_EXTRAS = Map.of("http3",
            List.of(new WireField("id", TEXT), new WireField("feature_update_available", WireType.BOOLEAN)));

    private final Kinds kinds;

    public SdkGenerator(Kinds kinds) {
        this.kinds = kinds;
    }

    /**
     * The kinds kept as named lists in a version, which get the list-and-name operations. Singletons
     * (settings, the HTTP/3 flag) have routes of their own shape (get and put, or get, enable and
     * disable): {@link OperationCatalog#singleton} describes them.
     */
    static List<ObjectKind> named(Kinds kinds) {
        return kinds.all().stream().filter(kind -> !kind.singleton()).toList();
    }

    /** The kinds with one value per version, or at most one (settings, the HTTP/3 flag): a group each, of its own shape. */
    static List<ObjectKind> singletons(Kinds kinds) {
        return kinds.all().stream().filter(ObjectKind::singleton).toList();
    }

    /** The generator of the kinds Backline serves. */
    public static SdkGenerator standard() {
        return new SdkGenerator(StandardKinds.KINDS);
    }

    /** Every generated file, by its path under {@code io/backline/sdk/}, with its text. */
    public SortedMap<String, String> generate() {
        var code = new LinkedHashMap<String, String>(); // path without ".java" → code without header
        var bodies = new ArrayList<Schema>();
        named(kinds).forEach(kind -> bodies.add(kind.schema()));
        singletons(kinds).forEach(kind -> bodies.add(kind.schema()));
        bodies.add(ServiceSchema.SCHEMA);
        bodies.add(VersionSchema.SCHEMA);
        for (var schema : bodies) {
            code.put("models/components/" + SdkNames.type(schema.kind()), BodyWriter.code(schema));
        }
        for (var shape : responses()) {
            code.put("models/components/" + shape.cls(), ResponseWriter.code(shape));
        }
        var groups = new ArrayList<OperationCatalog.Group>();
        var memberships = Membership.in(kinds);
        named(kinds).forEach(kind -> groups.add(OperationCatalog.of(kind, memberships)));
        singletons(kinds).forEach(kind -> groups.add(OperationCatalog.singleton(kind)));
        groups.add(OperationCatalog.versions());
        groups.add(OperationCatalog.services());
        for (var group : groups) {
            for (var op : group.operations()) {
                code.put("models/operations/" + op.name() + "Request", OperationWriter.request(op));
                code.put("models/operations/" + op.name() + "Response", OperationWriter.response(op));
            }
            code.put(group.cls(), OperationCatalog.code(group));
        }
        code.put(GroupsWriter.CLS, GroupsWriter.code(groups));
        var packages = new LinkedHashMap<String, String>();
        code.keySet().forEach(path -> packages.put(simpleName(path), packageOf(path)));
        var files = new TreeMap<String, String>();
        code.forEach((path, text) -> files.put(path + ".java", JavaSource.file(packageOf(path), text, packages)));
        return files;
    }

    private List<Shape> responses() {
        var shapes = new ArrayList<Shape>();
        for (var kind : named(kinds)) {
            var fields = new ArrayList<WireField>();
            kind.schema().fields().forEach(f -> fields.add(new WireField(f.name(), WireType.of(f.kind()))));
            fields.addAll(OBJECT_IDENTITY);
            shapes.add(Shape.of(SdkNames.type(kind.name()) + "Response",
                    "A " + SdkNames.noun(kind.name()) + " as the API answers it" + SdkNames.responseNote(kind.name()) + ".", fields));
        }
        for (var kind : singletons(kinds)) {
            var fields = new ArrayList<WireField>();
            kind.schema().fields().forEach(f -> fields.add(new WireField(f.name(), WireType.of(f.kind()))));
            fields.addAll(kind.schema().cardinality() == Schema.Cardinality.ONE ? SINGLETON_IDENTITY : OBJECT_IDENTITY);
            fields.addAll(SINGLETON_EXTRAS.getOrDefault(kind.name(), List.of()));
            shapes.add(Shape.of(SdkNames.type(kind.name()) + "Response",
                    "A version's " + SdkNames.noun(kind.name()) + " as the API answers it.", fields));
        }
        Membership.in(kinds).forEach(membership -> shapes.add(membership.shape()));
        shapes.addAll(WireShapes.all(kinds));
        return shapes;
    }

    /** Writes every generated file under {@code root} ({@code …/src/main/java/io/backline/sdk}), first removing the generated files there. */
    public void writeInto(Path root) {
        try {
            for (var stale : generatedFilesIn(root).keySet()) {
                Files.delete(root.resolve(stale));
            }
            for (var file : generate().entrySet()) {
                var path = root.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files under {@code root} that carry the generator's header, by relative path, with their text. */
    public static SortedMap<String, String> generatedFilesIn(Path root) {
        var files = new TreeMap<String, String>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (var path : paths.filter(p -> p.toString().endsWith(".java")).toList()) {
                var text = Files.readString(path);
                if (text.startsWith("// Generated by")) {
                    files.put(root.relativize(path).toString().replace('\\', '/'), text);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** {@code java … SdkGenerator <root>}: what {@code sdk/codegen/regenerate.sh} runs. */
    public static void main(String[] args) {
        standard().writeInto(Path.of(args[0]));
    }

    private static String simpleName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String packageOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? JavaSource.SDK : JavaSource.SDK + "." + path.substring(0, slash).replace('/', '.');
    }
}
