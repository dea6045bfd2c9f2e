package io.backline.sdk.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.backline.condition.StandardKinds;
import io.backline.model.Field;
import io.backline.model.Kinds;
import io.backline.model.ObjectKind;
import io.backline.model.PlainRules;
import io.backline.model.Schema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed SDK sources are what the generator makes from today's schemas. With
 * {@code -Dbackline.sdk.regenerate=true} (what {@code sdk/codegen/regenerate.sh} passes) the
 * freshness test first rewrites them, so one command regenerates and checks.
 */
class GeneratedSourcesTest {
    /** Surefire runs in the module's directory. */
    private static final Path COMMITTED = Path.of("src", "main", "java", "io", "backline", "sdk");

    @Test
    void committedGeneratedSourcesMatchAFreshGeneration(@TempDir Path fresh) {
        if (Boolean.getBoolean("backline.sdk.regenerate")) {
            SdkGenerator.standard().writeInto(COMMITTED);
        }
        SdkGenerator.standard().writeInto(fresh);
        var expected = SdkGenerator.generatedFilesIn(fresh);
        var committed = SdkGenerator.generatedFilesIn(COMMITTED);

        var paths = new TreeSet<>(expected.keySet());
        paths.addAll(committed.keySet());
        var stale = paths.stream().filter(p -> !expected.getOrDefault(p, "").equals(committed.getOrDefault(p, ""))).findFirst();
        assertThat(stale)
                .as("sdk/src/main/java/io/backline/sdk/%s differs from a fresh generation (missing, extra or edited);"
                        + " regenerate with %s and commit the result", stale.orElse(""), JavaSource.REGENERATE)
                .isEmpty();
        assertThat(expected).hasSizeGreaterThan(90);
    }

    @Test
    void aKindAddedToTheModelGetsItsBodyAnswerOperationsAndDetailsList() {
        var files = new SdkGenerator(withSnippets()).generate();

        assertThat(files).containsKeys("models/components/VclSnippet.java", "models/components/VclSnippetResponse.java",
                "models/operations/CreateVclSnippetRequest.java", "models/operations/ListVclSnippetsResponse.java",
                "VclSnippets.java");
        assertThat(files.get("models/components/VclSnippet.java"))
                .contains("public Builder priority(int value)", "public Builder clearPriority()", "which unsets it")
                .doesNotContain("import io.backline.sdk.models.components.*;");
        assertThat(files.get("models/components/VersionDetail.java"))
                .contains("public List<VclSnippetResponse> vclSnippets()", "objects(\"vcl_snippets\"");
        assertThat(files.get("VclSnippets.java"))
                .contains("\"vcl_snippet\", request.vclSnippetName()", "import io.backline.sdk.models.operations.CreateVclSnippetRequest;");
        assertThat(files.get("OperationGroups.java"))
                .contains("public VclSnippets vclSnippet()", "this.vclSnippet = new VclSnippets(transport);");
    }

    @Test
    void aReadOnlyFieldIsAnsweredButNeverSent() {
        var files = new SdkGenerator(withSnippets()).generate();

        assertThat(files.get("models/components/VclSnippet.java")).doesNotContain("\"members\"", "members(", "clearMembers");
        assertThat(files.get("models/components/VclSnippetResponse.java")).contains("public @Nullable List<String> members()");
    }

    @Test
    void aMembershipGivesItsKindsGroupThreeCallsAndOneAnswer() {
        var files = SdkGenerator.standard().generate();

        assertThat(files).containsKeys("models/components/DirectorBackendResponse.java",
                "models/operations/CreateDirectorBackendRequest.java", "models/operations/GetDirectorBackendResponse.java",
                "models/operations/DeleteDirectorBackendRequest.java");
        assertThat(files.get("Directors.java")).contains("public CreateDirectorBackendResponse createDirectorBackend(",
                "\"director\", request.directorName(), \"backend\", request.backendName()");
        assertThat(files.get("models/components/DirectorBackendResponse.java"))
                .contains("text(\"director_name\")", "text(\"backend_name\")", "integer(\"version\")");
        assertThat(files.get("Backends.java")).doesNotContain("DirectorBackend");
    }

    @Test
    void theSdkWithAKindAddedToTheModelCompiles(@TempDir Path dir) throws IOException {
        var root = dir.resolve("src/io/backline/sdk");
        try (Stream<Path> sources = Files.walk(COMMITTED)) {
            for (var source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                var copy = root.resolve(COMMITTED.relativize(source).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(source, copy);
            }
        }
        new SdkGenerator(withSnippets()).writeInto(root);
        List<String> files;
        try (Stream<Path> sources = Files.walk(root)) {
            files = sources.map(Path::toString).filter(p -> p.endsWith(".java")).toList();
        }
        var errors = new ByteArrayOutputStream();
        var arguments = new ArrayList<>(List.of("-d", dir.resolve("classes").toString(), "-cp", System.getProperty("java.class.path"),
                "-proc:none"));
        arguments.addAll(files);

        int status = ToolProvider.getSystemJavaCompiler().run(null, errors, errors, arguments.toArray(String[]::new));

        assertThat(status).as(errors.toString()).isZero();
        assertThat(files).contains(root.resolve("VclSnippets.java").toString());
    }

    @Test
    void noGeneratedFileImportsAPackageWithAStar() {
        SdkGenerator.standard().generate().forEach((path, text) -> assertThat(text).as(path)
                .startsWith(JavaSource.HEADER)
                .doesNotContainPattern("(?m)^import .*\\*;$"));
    }

    /** The standard kinds and one more, as a later change to the model would declare it. */
    private static Kinds withSnippets() {
        var snippet = Schema.builder("vcl_snippet", "Snippet");
        snippet.add(Field.text("name").required());
        snippet.add(Field.optionalInteger("priority", 0, 100));
        snippet.add(Field.textList("members").readOnly());
        return StandardKinds.KINDS.plus(ObjectKind.controlPlaneOnly(PlainRules.of(snippet.build())));
    }
}
