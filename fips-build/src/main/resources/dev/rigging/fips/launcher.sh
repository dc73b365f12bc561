#!/bin/sh
# FIPS variant of @APP@, built by Rigging's fips-build: Bouncy Castle FIPS in approved-only mode,
# the JDK's java.security replaced by conf/java.security, the flags in conf/jvm.args. JAVA (default:
# java on the PATH) and JAVA_OPTS are honoured, after the FIPS flags: the start-up self-check
# refuses to run when they weaken the configuration. Check a variant with scripts/fips-verify.
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck disable=SC2086
exec "${JAVA:-java}" "-Djava.security.properties==$here/conf/java.security" "@$here/conf/jvm.args" $JAVA_OPTS \
  -jar "$here/quarkus-run.jar" "$@"
