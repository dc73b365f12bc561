package dev.rigging.fips;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code VariantProcess} starts a FIPS variant through its own launcher ({@code bin/APP}), as an
 * operator would, and follows what it prints (stdout and stderr merged).
 */
final class VariantProcess implements AutoCloseable {
  /** Where the build put the variants ({@code fips-build/target/fips}). */
  static final Path FIPS_DIR = Path.of(System.getProperty("rigging.fips.dir", "target/fips"));

  /** Queued when the output ends (compared by identity). */
  private static final String END = new String("end of output");

  private final Process process;
  private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private VariantProcess(Process process) {
    this.process = process;
    reader = new Thread(this::read, "variant-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code app}'s variant with {@code javaOpts} (the launcher's JAVA_OPTS). */
  static VariantProcess start(String app, String... javaOpts) throws IOException {
    return start(app, Map.of(), javaOpts);
  }

  /** Starts {@code app}'s variant with {@code env} added to the environment (e.g. {@code KUBECONFIG}). */
  static VariantProcess start(String app, Map<String, String> env, String... javaOpts) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(FIPS_DIR.resolve(app).resolve("bin").resolve(app).toString())
        .redirectErrorStream(true);
    builder.environment().putAll(env);
    builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    builder.environment().put("JAVA_OPTS", String.join(" ", javaOpts));
    return new VariantProcess(builder.start());
  }

  /** A port free at the time of the call. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Waits for a line matching {@code pattern}; fails with everything printed so far when none comes. */
  Matcher await(Pattern pattern, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = unread.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("no line matching " + pattern + " within " + timeout + "; output:\n" + output());
      }
      if (line == END) {
        unread.add(END);
        throw new AssertionError("the process ended without a line matching " + pattern + "; output:\n" + output());
      }
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        return m;
      }
    }
  }

  /** Waits for the process to end and returns its exit status. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("still running after " + timeout + "; output:\n" + output());
    }
    // The process may end before its last lines are read; callers assert on the whole output.
    reader.join(TimeUnit.SECONDS.toMillis(10));
    return process.exitValue();
  }

  String output() {
    return String.join("\n", lines);
  }

  private void read() {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        lines.add(line);
        unread.add(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      unread.add(END);
    }
  }

  /** Stops the service (SIGTERM, as Kubernetes would) and waits for it. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
