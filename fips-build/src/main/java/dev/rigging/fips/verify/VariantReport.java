package dev.rigging.fips.verify;

import java.util.List;

/**
 * {@code VariantReport} is the verifier's finding for one variant, written as {@code fips-report.json}
 * and rendered as {@code fips-report.md}.
 *
 * @param variant the variant's directory name (the service)
 * @param generatedAt when the verifier ran (UTC, ISO-8601)
 * @param passed true when there are no violations
 * @param violations every reason the variant is not acceptable
 * @param classPath the jars of the run-time class path
 * @param missingFipsJars expected Bouncy Castle FIPS jars not found
 * @param runtime what the probe JVM saw; null when it produced no result
 * @param probeExit how the probe JVM ended, and its stderr tail when it failed
 * @param tlsProbes the handshakes made against the probe's TLS server
 */
public record VariantReport(String variant, String generatedAt, boolean passed, List<String> violations,
    List<ClassPathScan.Jar> classPath, List<String> missingFipsJars, RuntimeFacts runtime, String probeExit,
    List<Probe> tlsProbes) {}
