#!/usr/bin/env bash
# Rewrites the SDK's generated sources from the model's schemas, then checks them:
# io.backline.sdk.codegen.SdkGenerator (sdk test sources) runs inside GeneratedSourcesTest,
# which rewrites the committed files when backline.sdk.regenerate is true.
# Run from anywhere; commit the changed files under sdk/src/main/java afterwards. Maven compiles
# the SDK before the test runs, so restore a generated file deleted or broken by hand
# (git checkout) before regenerating. Checkstyle is skipped here: the files it would judge are the ones being
# rewritten; verify checks the fresh ones.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec mvn -B -q -o -pl sdk -am verify -Dtest=GeneratedSourcesTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbackline.sdk.regenerate=true -Dcheckstyle.skip=true "$@"
