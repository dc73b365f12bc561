package dev.rigging.fips.verify;

import java.util.List;
import java.util.stream.Collectors;

/** {@code MarkdownReport} renders a {@link VariantReport} for people: a summary table, then the evidence. */
final class MarkdownReport {
  private MarkdownReport() {}

  static String render(VariantReport r) {
    StringBuilder md = new StringBuilder();
    md.append("# FIPS report: ").append(r.variant()).append("\n\n");
    md.append("Generated ").append(r.generatedAt()).append(" by `scripts/fips-verify`. Verdict: **")
        .append(r.passed() ? "PASS" : "FAIL").append("**.\n\n");
    md.append(summaryTable(r)).append('\n');
    if (!r.violations().isEmpty()) {
      md.append("## Violations\n\n");
      r.violations().forEach(v -> md.append("- ").append(v).append('\n'));
      md.append('\n');
    }
    RuntimeFacts f = r.runtime();
    if (f != null) {
      md.append("## Module\n\n");
      md.append("- provider: ").append(f.moduleInfo()).append('\n');
      md.append("- `bc-fips` version: ").append(f.moduleVersion()).append('\n');
      md.append("- module HMAC (compare with the vendor's published value): `").append(f.moduleHmac()).append("`\n");
      md.append("- approved-only mode: ").append(f.approvedOnly()).append(" (java.security sets `")
          .append(f.approvedOnlySecurityProperty()).append("`)\n");
      md.append("- self-test status: ").append(f.selfTest()).append('\n');
      md.append("- native support: ").append(f.nativeSupport()).append('\n');
      md.append("- default key store type: ").append(f.keyStoreType()).append('\n');
      md.append("- TLS named groups (`jdk.tls.namedGroups`): ").append(f.namedGroups()).append('\n');
      md.append("- JVM: ").append(f.java()).append("\n\n");
      md.append("## Providers, in order\n\n| # | name | class | info |\n|---|---|---|---|\n");
      f.providers().forEach(p -> md.append("| ").append(p.position()).append(" | ").append(p.name())
          .append(p.fipsMode() == null ? "" : p.fipsMode() ? " (FIPS mode)" : " (NOT FIPS mode)").append(" | `")
          .append(p.className()).append("` | ").append(p.info()).append(" |\n"));
      md.append('\n');
      md.append("## Negative probes (attempted; each must be refused while its approved control works)\n\n");
      md.append(probeTable(f.probes())).append('\n');
    }
    if (!r.tlsProbes().isEmpty()) {
      md.append("## TLS probes (SunJSSE or raw ClientHello against the variant's TlsGrpcServer)\n\n");
      md.append(probeTable(r.tlsProbes())).append('\n');
    }
    md.append("## Class path\n\n");
    md.append(r.classPath().size()).append(" jars. Bouncy Castle FIPS jars and any forbidden jar:\n\n");
    md.append("| jar | kind | detail |\n|---|---|---|\n");
    r.classPath().stream().filter(j -> !j.kind().equals("other")).forEach(j -> md.append("| `").append(j.path())
        .append("` | ").append(j.kind()).append(" | ").append(j.detail()).append(" |\n"));
    md.append("\nAll jars: ").append(r.classPath().stream().map(j -> "`" + j.path() + "`")
        .collect(Collectors.joining(", "))).append(".\n");
    return md.toString();
  }

  /** The table at the top of the report (also printed by the verifier). */
  static String summaryTable(VariantReport r) {
    RuntimeFacts f = r.runtime();
    StringBuilder t = new StringBuilder("| check | result |\n|---|---|\n");
    row(t, "class path: Bouncy Castle FIPS jars", r.missingFipsJars().isEmpty()
        ? r.classPath().stream().filter(j -> j.kind().equals(ClassPathScan.FIPS_JAR)).map(j -> shortName(j.path()))
            .collect(Collectors.joining(", "))
        : "MISSING " + r.missingFipsJars());
    List<ClassPathScan.Jar> forbidden = r.classPath().stream().filter(j -> j.kind().equals("forbidden")).toList();
    row(t, "class path: forbidden jars (of " + r.classPath().size() + ")", forbidden.isEmpty() ? "none"
        : forbidden.stream().map(j -> shortName(j.path())).collect(Collectors.joining(", ")));
    if (f == null) {
      row(t, "probe JVM", "no result: " + r.probeExit());
      return t.toString();
    }
    row(t, "providers in order", f.providers().stream().map(RuntimeFacts.Provider::name).collect(Collectors.joining(", ")));
    row(t, "BC-FIPS module", f.moduleVersion() + ", approved-only " + f.approvedOnly() + ", self-test " + f.selfTest());
    row(t, "default key store; TLS groups", f.keyStoreType() + "; " + f.namedGroups());
    row(t, "start-up self-check", f.selfCheckPassed() ? "passed" : "FAILED (" + f.selfCheckViolations().size() + ")");
    for (Probe p : f.probes()) {
      row(t, "refused: " + p.name(), p.verdict());
    }
    for (Probe p : r.tlsProbes()) {
      row(t, "refused: " + p.name(), p.verdict());
    }
    return t.toString();
  }

  private static String probeTable(List<Probe> probes) {
    StringBuilder t = new StringBuilder("| probe | attempt | verdict | refusal observed | control | control result |\n"
        + "|---|---|---|---|---|---|\n");
    for (Probe p : probes) {
      t.append("| ").append(p.name()).append(" | ").append(p.attempt()).append(" | ").append(p.verdict()).append(" | ")
          .append(cell(p.refusal())).append(" | ").append(p.control()).append(" | ")
          .append(p.controlFailure() == null ? "worked" : "FAILED: " + cell(p.controlFailure())).append(" |\n");
    }
    return t.toString();
  }

  private static void row(StringBuilder t, String check, String result) {
    t.append("| ").append(check).append(" | ").append(result).append(" |\n");
  }

  private static String cell(String text) {
    return text == null ? "—" : text.replace("|", "\\|").replace("\n", " ");
  }

  private static String shortName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
