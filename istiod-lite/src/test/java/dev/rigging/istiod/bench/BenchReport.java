package dev.rigging.istiod.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code BenchReport} turns one {@code make bench} run's outputs (in {@code DIR}: {@code env.properties},
 * {@code istiod.properties}, {@code bare.properties}, {@code jmh.json}, {@code istiod.log}) into
 * the Markdown results table, printed and written to {@code DIR/results.md}. Targets are checked
 * against the measured numbers; nothing is assumed.
 */
public final class BenchReport {
  private static final Pattern PUSH_LINE = Pattern.compile(
      "push version=\\d+ (full|routes|eds|resend-all) groups=(\\d+) debounced=([\\d.]+)ms generate=([\\d.]+)ms");

  private final Path dir;
  private final Properties env;
  private final Properties istiod;
  private final Properties bare;
  private final StringBuilder out = new StringBuilder();

  private BenchReport(Path dir) throws IOException {
    this.dir = dir;
    this.env = load(dir.resolve("env.properties"));
    this.istiod = load(dir.resolve("istiod.properties"));
    this.bare = load(dir.resolve("bare.properties"));
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "istiod-lite/target/bench");
    BenchReport r = new BenchReport(dir);
    r.render();
    Files.writeString(dir.resolve("results.md"), r.out);
    System.out.print(r.out);
  }

  private static Properties load(Path p) throws IOException {
    Properties props = new Properties();
    if (Files.exists(p)) {
      try (Reader in = Files.newBufferedReader(p)) {
        props.load(in);
      }
    }
    return props;
  }

  private void render() throws IOException {
    line("## make bench results (%s)", env.getProperty("date", "?"));
    line("");
    line("Machine: %s, %s cores, %s memory; %s. istiod-lite: `%s`; bare server: `%s`; harness: `%s`.",
        env.getProperty("cpu", "?"), env.getProperty("cores", "?"), env.getProperty("memory", "?"),
        env.getProperty("jdk", "?"), env.getProperty("istiod.flags", "?"), env.getProperty("bare.flags", "?"),
        env.getProperty("harness.flags", "?"));
    line("Load average before the run: %s. Mesh: 1,000 services in 50 namespaces; %s ADS clients over %s channels "
        + "(half sidecar, half proxyless); resources per client: sidecar %s; proxyless %s.",
        env.getProperty("loadavg", "?"), istiod.getProperty("clients", "?"), istiod.getProperty("channels", "?"),
        istiod.getProperty("resources.sidecar", "?"), istiod.getProperty("resources.proxyless", "?"));
    double vsOther = num(istiod, "vs.other.cpu.s") / num(istiod, "vs.phase.s");
    double pushOther = Math.max(median(values(istiod, "push.other.cpu.s")) / (median(values(istiod, "push.last.ms")) / 1000),
        median(values(bare, "push.other.cpu.s")) / (median(values(bare, "push.last.ms")) / 1000));
    if (vsOther > 0.1 || pushOther > 0.1) {
      line("");
      line("**Other processes used the CPUs during this run** (%.1f cores on average during the VirtualService "
          + "changes, %.1f during the full pushes, of 2): these numbers are not comparable with a quiet run.",
          vsOther, pushOther);
    }
    for (Properties p : List.of(istiod, bare)) {
      if (p.getProperty("error") != null) {
        line("");
        line("**%s run failed:** %s", p.getProperty("target"), p.getProperty("error"));
      }
    }
    line("");
    line("| measure | istiod-lite | bare java-control-plane (c) | target | met |");
    line("|---|---|---|---|---|");
    double p99 = num(istiod, "vs.p99.ms");
    line("| (a) one VirtualService change → every affected proxy ACKed RDS (%s changes × 40 proxies; p50 / p99 / max) "
        + "| %s / %s / %s ms | — | p99 ≤ 300 ms incl. debounce | %s |", istiod.getProperty("vs.changes", "?"),
        istiod.getProperty("vs.p50.ms", "?"), istiod.getProperty("vs.p99.ms", "?"), istiod.getProperty("vs.max.ms", "?"),
        met(p99 <= 300));
    double[] b = values(istiod, "push.last.ms");
    double[] c = values(bare, "push.last.ms");
    double ratio = median(b) / median(c);
    line("| (b)/(c) full push → last client ACKed all 4 types (min / median / max of %d) | %s | %s | (b) ≤ 1.5 s | %s |",
        b.length, mmm(b, "s", 1000), mmm(c, "s", 1000), met(median(b) <= 1500));
    line("| ratio (b)/(c), medians | %s | | ≤ 1.5× | %s |", fmt2(ratio) + "×", met(ratio <= 1.5));
    line("| full push, median client (min / median / max) | %s | %s | | |", mmm(values(istiod, "push.p50client.ms"), "s",
        1000), mmm(values(bare, "push.p50client.ms"), "s", 1000));
    line("| server CPU per full push (min / median / max) | %s | %s | | |", mmm(values(istiod, "push.server.cpu.s"), "s", 1),
        mmm(values(bare, "push.server.cpu.s"), "s", 1));
    line("| harness CPU / other processes' CPU per full push (medians) | %s s / %s s | %s s / %s s | | |",
        fmt1(median(values(istiod, "push.harness.cpu.s"))), fmt1(median(values(istiod, "push.other.cpu.s"))),
        fmt1(median(values(bare, "push.harness.cpu.s"))), fmt1(median(values(bare, "push.other.cpu.s"))));
    double rss = num(istiod, "steady.rss.mb");
    line("| (d) RSS at steady state, 2,000 clients connected | %s MiB | %s MiB | ≤ 512 MB | %s |", istiod.getProperty(
        "steady.rss.mb", "?"), bare.getProperty("steady.rss.mb", "?"), met(rss * 1.048576 <= 512));
    line("| (d) heap used after full GC / heap committed | %s / %s MiB | %s / %s MiB | | |",
        istiod.getProperty("steady.heap.used.mb", "?"), istiod.getProperty("steady.heap.committed.mb", "?"),
        bare.getProperty("steady.heap.used.mb", "?"), bare.getProperty("steady.heap.committed.mb", "?"));
    line("| (d) peak RSS during the full pushes (VmHWM) | %s MiB | %s MiB | | |", istiod.getProperty("push.peak.rss.mb",
        "?"), bare.getProperty("push.peak.rss.mb", "?"));
    line("| connect → every client configured (last / p50) | %s / %s ms | %s / %s ms | | |",
        istiod.getProperty("connect.last.ms", "?"), istiod.getProperty("connect.p50.ms", "?"),
        bare.getProperty("connect.last.ms", "?"), bare.getProperty("connect.p50.ms", "?"));
    line("");
    line("(a) per change, time until the last of the 40 proxies ACKed (ms): %s. RDS responses to proxies outside the "
        + "changed namespace: %s; proxies that never got the change: %s. CPU of other processes during the changes: "
        + "%s s in %s s.", istiod.getProperty("vs.last.per.change.ms", "?"), istiod.getProperty("vs.rds.outside.namespace",
        "?"), istiod.getProperty("vs.missing", "?"), istiod.getProperty("vs.other.cpu.s", "?"),
        istiod.getProperty("vs.phase.s", "?"));
    line("(b)/(c) each run (ms): istiod-lite %s; bare %s. Resources sent per full push: %s MB.",
        istiod.getProperty("push.last.ms", "?"), bare.getProperty("push.last.ms", "?"),
        istiod.getProperty("push.mb", "?").split(",")[0]);
    pushLog();
    jmh();
  }

  private void pushLog() throws IOException {
    Path log = dir.resolve("istiod.log");
    if (!Files.exists(log)) {
      return;
    }
    List<Double> fullGen = new ArrayList<>();
    List<Double> resendGen = new ArrayList<>();
    List<Double> resendTotal = new ArrayList<>();
    for (String l : Files.readAllLines(log)) {
      Matcher m = PUSH_LINE.matcher(l);
      if (m.find() && Integer.parseInt(m.group(2)) > 0) {
        if (m.group(1).equals("full") || m.group(1).equals("routes")) {
          fullGen.add(Double.parseDouble(m.group(4)));
        } else if (m.group(1).equals("resend-all")) {
          resendGen.add(Double.parseDouble(m.group(4)));
          resendTotal.add(Double.parseDouble(m.group(3)));
        }
      }
    }
    line("istiod-lite's push log: VirtualService change pushes generate=%s ms (min / median / max of %d); forced full pushes "
        + "generate=%s ms, trigger → last response handed to gRPC (`debounced=`) %s ms.",
        mmmRaw(fullGen), fullGen.size(), mmmRaw(resendGen), mmmRaw(resendTotal));
  }

  private void jmh() throws IOException {
    Path json = dir.resolve("jmh.json");
    if (!Files.exists(json)) {
      line("");
      line("(e) JMH: no results (jmh.json missing).");
      return;
    }
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    line("");
    line("(e) JMH (`%s`), mean ± 99.9%% error:", env.getProperty("jmh.command", "?"));
    line("");
    line("| benchmark | kind | score |");
    line("|---|---|---|");
    for (JsonNode b : root) {
      String name = b.path("benchmark").asText();
      name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      JsonNode pm = b.path("primaryMetric");
      line("| %s | %s | %s ± %s %s |", name, b.path("params").path("kind").asText("—"),
          fmt1(pm.path("score").asDouble()), fmt1(pm.path("scoreError").asDouble()), pm.path("scoreUnit").asText());
    }
  }

  private static double num(Properties p, String key) {
    try {
      return Double.parseDouble(p.getProperty(key, "NaN"));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static double[] values(Properties p, String key) {
    String v = p.getProperty(key, "");
    if (v.isBlank()) {
      return new double[0];
    }
    return Arrays.stream(v.split(",")).mapToDouble(Double::parseDouble).toArray();
  }

  private static double median(double[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static String mmm(double[] v, String unit, double divisor) {
    if (v.length == 0) {
      return "n/a";
    }
    double[] s = v.clone();
    Arrays.sort(s);
    return String.format(Locale.ROOT, "%.2f / %.2f / %.2f %s", s[0] / divisor, median(s) / divisor,
        s[s.length - 1] / divisor, unit);
  }

  private static String mmmRaw(List<Double> v) {
    return mmm(v.stream().mapToDouble(Double::doubleValue).toArray(), "", 1).trim();
  }

  private static String met(boolean ok) {
    return ok ? "yes" : "**no**";
  }

  private static String fmt1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String fmt2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private void line(String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
