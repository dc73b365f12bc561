# Rigging: two commands do it all on a fresh machine with a JDK 17 and Maven 3.8:
#   make run    the embedded default: istiod-lite on loopback in file mode + demo workloads
#   make test   every test (unit, golden, data plane with real grpc-xds clients, Kubernetes mock)
#   make bench  performance: 1,000 services × 2,000 ADS clients vs a bare java-control-plane, JMH, the CA (~10 min)
# make build also leaves bin/rig, the lifecycle CLI; make fips builds and verifies the FIPS variants.
MVN ?= mvn
MVN_FLAGS ?= -B -ntp
CP_FILE := istiod-lite/target/demo.classpath

.PHONY: build run test bench fips clean rig-real-cluster

build:
	$(MVN) $(MVN_FLAGS) -DskipTests install
	$(MVN) $(MVN_FLAGS) -q -pl istiod-lite dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/demo.classpath
	@mkdir -p bin
	sed 's|@ROOT@|$(CURDIR)|g' scripts/rig.in > bin/rig && chmod +x bin/rig
	@echo "bin/rig is ready: bin/rig --help"

run: build
	./scripts/run-local.sh

test:
	$(MVN) $(MVN_FLAGS) install

# FIPS variants of istiod-lite and the CA in fips-build/target/fips/APP (start with bin/APP), each
# checked by the verifier, which writes fips-report.md and fips-report.json next to it and fails the
# build on a violation. scripts/fips-verify re-checks any built variant. Details: docs/fips.md.
fips:
	$(MVN) $(MVN_FLAGS) -DskipTests -pl fips-build -am verify

# rig against the cluster KUBECONFIG names (installs, checks server-side apply ownership,
# uninstalls); says so and does nothing when KUBECONFIG is unset. Needs make build first.
rig-real-cluster:
	./scripts/rig-real-cluster.sh

bench: build
	./scripts/bench.sh

clean:
	$(MVN) $(MVN_FLAGS) -q clean
	rm -f bin/rig
