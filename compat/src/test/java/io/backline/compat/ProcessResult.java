package io.backline.compat;

import java.time.Duration;
import java.util.List;

/** What a finished child process left behind: its exit code and everything it printed. */
record ProcessResult(List<String> command, int exitCode, String stdout, String stderr, Duration elapsed) {

    /** Standard output followed by standard error, for checks that do not care which stream was used. */
    String output() {
        return stdout + stderr;
    }

    boolean succeeded() {
        return exitCode == 0;
    }

    /** A readable account of the run, for assertion messages. */
    String describe() {
        return "$ " + String.join(" ", command) + "\n[exit " + exitCode + " after " + elapsed.toMillis() + " ms]"
                + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }

    @Override
    public String toString() {
        return describe();
    }
}
