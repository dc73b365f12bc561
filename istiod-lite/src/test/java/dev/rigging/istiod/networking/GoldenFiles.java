package dev.rigging.istiod.networking;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code GoldenFiles} prints xDS resources as Envoy proto JSON (typed configs resolved) and compares
 * them with a golden file, failing with a unified diff; with {@code -Drefresh.golden=true} it
 * rewrites the file instead.
 */
public final class GoldenFiles {
  public static final boolean REFRESH = Boolean.getBoolean("refresh.golden");
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().usingTypeRegistry(TypedConfigs.registry()).sortingMapKeys();

  private GoldenFiles() {}

  /** A JSON array of the resources, one object per element. */
  static String json(List<? extends Message> resources) {
    if (resources.isEmpty()) {
      return "[]\n";
    }
    List<String> items = new ArrayList<>();
    for (Message m : resources) {
      try {
        items.add(PRINTER.print(m).lines().map(l -> "  " + l).collect(Collectors.joining("\n")));
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError("cannot print " + m.getDescriptorForType().getFullName()
            + " (is every Any type in TypedConfigs?): " + e.getMessage(), e);
      }
    }
    return "[\n" + String.join(",\n", items) + "\n]\n";
  }

  /** Compares {@code actual} with {@code file} (or rewrites it when refreshing). */
  public static void assertMatches(Path file, String actual) {
    try {
      if (REFRESH) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual);
        return;
      }
      if (!Files.exists(file)) {
        throw new AssertionError(file + " does not exist; run with -Drefresh.golden=true to create it");
      }
      String expected = Files.readString(file);
      if (!expected.equals(actual)) {
        throw new AssertionError(file + " differs from the generated config (rerun with -Drefresh.golden=true "
            + "and review the diff if the change is intended):\n" + unifiedDiff(expected, actual, 3));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A unified diff of two texts ({@code -} expected, {@code +} actual), with {@code context} lines around changes. */
  static String unifiedDiff(String expected, String actual, int context) {
    List<String> a = expected.lines().toList();
    List<String> b = actual.lines().toList();
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<String> ops = new ArrayList<>();
    List<int[]> pos = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        ops.add("  " + a.get(i));
        pos.add(new int[] {i++, j++});
      } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
        ops.add("+ " + b.get(j));
        pos.add(new int[] {i, j++});
      } else {
        ops.add("- " + a.get(i));
        pos.add(new int[] {i++, j});
      }
    }
    StringBuilder out = new StringBuilder("--- expected\n+++ actual\n");
    int k = 0;
    while (k < ops.size()) {
      if (ops.get(k).startsWith("  ")) {
        k++;
        continue;
      }
      int start = Math.max(0, k - context);
      int end = k;
      while (end < ops.size()) {
        int nextChange = end;
        while (nextChange < ops.size() && ops.get(nextChange).startsWith("  ")) {
          nextChange++;
        }
        if (nextChange >= ops.size() || nextChange - end > 2 * context) {
          end = Math.min(ops.size(), end + context);
          break;
        }
        end = nextChange + 1;
      }
      out.append("@@ line ").append(pos.get(start)[0] + 1).append(" @@\n");
      for (int x = start; x < end; x++) {
        out.append(ops.get(x)).append('\n');
      }
      k = end;
    }
    return out.toString();
  }
}
