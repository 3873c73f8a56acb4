#!/usr/bin/env bash
# The server's load benchmark (issue 16): 200 plans/s on loopback, alone and beside 1,000 slow clients.
# Not part of mvn verify. Usage: llmplan-server/load-benchmark.sh [SECONDS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -o -q test-compile -pl llmplan-server -am
cp="$(mvn -B -o -q dependency:build-classpath -pl llmplan-server -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)"
java -cp "llmplan-server/target/test-classes:llmplan-server/target/classes:llmplan-core/target/classes:llmplan-emit/target/classes:${cp}" \
  org.llmplan.server.LoadBenchmark "$@"
