package io.backline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every command and subcommand answers {@code -h}/{@code --help} with its usage on stdout and exit 0,
 * whatever its required options; {@code backline help CMD} does the same. The list of commands is read
 * from the command line itself, so a new subcommand is covered without a new row here.
 */
class CommandLineHelpTest {

    record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Every command path, e.g. [], [serve], [token, create], found by walking the subcommands. */
    static Stream<List<String>> commandPaths() {
        return paths(Main.commandLine(), List.of()).filter(path -> !path.contains("help"));
    }

    private static Stream<List<String>> paths(CommandLine commandLine, List<String> prefix) {
        return Stream.concat(Stream.of(prefix), commandLine.getSubcommands().entrySet().stream()
                .flatMap(entry -> paths(entry.getValue(), append(prefix, entry.getKey()))));
    }

    private static List<String> append(List<String> list, String item) {
        return Stream.concat(list.stream(), Stream.of(item)).toList();
    }

    @ParameterizedTest(name = "backline {0} --help")
    @MethodSource("commandPaths")
    void everyCommandPrintsItsUsageForHelp(List<String> path) {
        for (var flag : List.of("--help", "-h")) {
            var result = run(append(path, flag).toArray(String[]::new));
            assertThat(result.code()).as("exit code of %s %s", path, flag).isZero();
            assertThat(result.out()).startsWith("Usage: backline" + (path.isEmpty() ? "" : " " + String.join(" ", path)));
            assertThat(result.err()).isEmpty();
        }
    }

    @ParameterizedTest(name = "backline help {0}")
    @MethodSource("commandPaths")
    void helpCommandPrintsTheSameUsage(List<String> path) {
        if (path.isEmpty()) {
            return; // `backline help` alone prints the top usage; covered by --help above
        }
        var parent = path.subList(0, path.size() - 1);
        var viaHelp = run(append(append(parent, "help"), path.getLast()).toArray(String[]::new));
        var viaFlag = run(append(path, "--help").toArray(String[]::new));
        assertThat(viaHelp.code()).isZero();
        assertThat(viaHelp.out()).isEqualTo(viaFlag.out());
    }

    @org.junit.jupiter.api.Test
    void versionIsPrintedByTheTopCommandAndSubcommands() {
        for (var args : List.of(new String[] {"--version"}, new String[] {"serve", "--version"}, new String[] {"-V"})) {
            var result = run(args);
            assertThat(result.code()).isZero();
            assertThat(result.out()).matches("backline \\S+\\R");
        }
    }

    @org.junit.jupiter.api.Test
    void anUnknownOptionIsStillAnError() {
        var result = run("serve", "--no-such-option");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown option: '--no-such-option'");
    }

    @org.junit.jupiter.api.Test
    void tokenAloneListsItsSubcommandsAndFails() {
        var result = run("token");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("create", "list", "revoke");
    }
}
