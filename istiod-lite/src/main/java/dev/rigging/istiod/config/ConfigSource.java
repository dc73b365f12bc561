package dev.rigging.istiod.config;

/**
 * {@code ConfigSource} feeds a {@link ConfigStore}: a watched directory or Kubernetes informers.
 */
public interface ConfigSource extends AutoCloseable {

  /** Starts loading into {@code store} and keeps it current until {@link #close()}. */
  void start(ConfigStore store);

  /** True once the initial state has been fully loaded into the store (readiness gate). */
  boolean synced();

  /** For logs and {@code /debug}: e.g. {@code file:/etc/mesh} or {@code kubernetes:https://…}. */
  String describe();

  /**
   * Inputs rejected right now (a file, or a Kubernetes object) with their errors; their last valid
   * version, if any, is what is being served.
   */
  default java.util.Map<String, java.util.List<String>> rejected() {
    return java.util.Map.of();
  }

  @Override
  void close();
}
