package dev.rigging.istiod.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code Samples} holds measured values and gives nearest-rank percentiles. */
final class Samples {
  private final List<Double> values = new ArrayList<>();

  void add(double v) {
    values.add(v);
  }

  int size() {
    return values.size();
  }

  /** Nearest-rank percentile, {@code p} in (0, 100]; NaN when empty. */
  double percentile(double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  double min() {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  double max() {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  double median() {
    return percentile(50);
  }

  /** The values in measurement order, comma-separated, one decimal. */
  String list() {
    return values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).collect(Collectors.joining(","));
  }
}
