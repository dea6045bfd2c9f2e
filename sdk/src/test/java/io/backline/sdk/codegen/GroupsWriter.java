package io.backline.sdk.codegen;

import io.backline.sdk.codegen.OperationCatalog.Group;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes {@code OperationGroups}, the generated superclass of the hand-written {@code Backline}
 * that holds one instance of every group and its public accessor ({@code backend()}, …,
 * {@code director()}). Java has no partial classes; a sealed superclass is the smallest way to let
 * a kind added to the model reach the client's surface while {@code Backline} (builder, transport,
 * defaults) stays hand-written.
 */
final class GroupsWriter {
    static final String CLS = "OperationGroups";

    private GroupsWriter() {}

    static String code(List<Group> groups) {
        var fields = groups.stream().map(g -> "    private final %s %s;".formatted(g.cls(), g.accessor()))
                .collect(Collectors.joining("\n"));
        var assigns = groups.stream().map(g -> "        this.%s = new %s(transport);".formatted(g.accessor(), g.cls()))
                .collect(Collectors.joining("\n"));
        var accessors = new StringBuilder();
        for (var group : groups) {
            var names = group.operations().stream().map(Operation::name).collect(Collectors.joining(", "));
            accessors.append("""

                        /**
                    %s
                         */
                        public %s %s() {
                            return %3$s;
                        }
                    """.formatted(JavaSource.wrap(names + ".", "     * "), group.cls(), group.accessor()));
        }
        return """
                /**
                 * The operation groups of {@link Backline}: one per kind of object in a version, and those of
                 * services and versions. Generated from the model's kinds, so a kind added there gets its
                 * accessor on the client with nothing edited by hand.
                 */
                abstract sealed class %s permits Backline {
                %s

                    %1$s(Transport transport) {
                %s
                    }
                %s}
                """.formatted(CLS, fields, assigns, accessors);
    }
}
