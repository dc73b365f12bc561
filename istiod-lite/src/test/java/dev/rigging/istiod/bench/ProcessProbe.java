package dev.rigging.istiod.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code ProcessProbe} reads what the benchmark reports about a server process from outside it:
 * resident memory ({@code VmRSS}, peak {@code VmHWM}) and CPU time from {@code /proc}, a full GC
 * through {@code jcmd}, and HTTP GETs on its monitoring or trigger endpoint.
 */
final class ProcessProbe {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final long pid;

  ProcessProbe(long pid) {
    this.pid = pid;
  }

  long pid() {
    return pid;
  }

  /** A {@code /proc/PID/status} field in MiB ({@code VmRSS}, {@code VmHWM}). */
  double statusMiB(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("process " + pid + " is gone", e);
    }
    throw new IllegalStateException("no " + field + " in /proc/" + pid + "/status");
  }

  /** Resets the peak RSS ({@code VmHWM}) to the current RSS; false if the kernel refuses. */
  boolean resetPeakRss() {
    try {
      Files.writeString(Path.of("/proc/" + pid + "/clear_refs"), "5");
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** User + system CPU seconds the process has used so far. */
  double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after "(comm) ": state=0 … utime=11, stime=12 (fields 14 and 15 of proc(5))
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    } catch (IOException e) {
      throw new IllegalStateException("process " + pid + " is gone", e);
    }
  }

  /** Busy CPU seconds of the whole machine so far (all cores; {@code /proc/stat}, without idle and iowait). */
  static double machineBusySeconds() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(f[i]);
        }
      }
      return busy / 100.0;
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  /** CPU seconds used by this (the harness's) process. */
  static double ownCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
  }

  /** Runs a full GC in the process ({@code jcmd PID GC.run}). */
  void fullGc() {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("jcmd " + pid + " GC.run failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + jcmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String get(String url) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
          .build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException("GET " + url + " → " + r.statusCode() + ": " + r.body());
      }
      return r.body();
    } catch (IOException e) {
      throw new IllegalStateException("GET " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static CompletableFuture<String> getAsync(String url) {
    return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120)).build(),
        HttpResponse.BodyHandlers.ofString()).thenApply(HttpResponse::body);
  }

  /** Sum of the Prometheus samples of {@code metric} whose labels contain {@code labelMatch}. */
  static double sumMetric(String exposition, String metric, String labelMatch) {
    double sum = 0;
    for (String line : exposition.split("\n")) {
      if (line.startsWith(metric + "{") && line.contains(labelMatch)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
