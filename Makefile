# Rigging: two commands do it all on a fresh machine with a JDK 17 and Maven 3.8:
#   make run    the embedded default: istiod-lite on loopback in file mode + demo workloads
#   make test   every test (unit, golden, data plane with real grpc-xds clients, Kubernetes mock)
MVN ?= mvn
MVN_FLAGS ?= -B -ntp
CP_FILE := istiod-lite/target/demo.classpath

.PHONY: build run test clean

build:
	$(MVN) $(MVN_FLAGS) -DskipTests install
	$(MVN) $(MVN_FLAGS) -q -pl istiod-lite dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/demo.classpath

run: build
	./scripts/run-local.sh

test:
	$(MVN) $(MVN_FLAGS) install

clean:
	$(MVN) $(MVN_FLAGS) -q clean
