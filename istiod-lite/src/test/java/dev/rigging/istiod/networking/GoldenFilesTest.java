package dev.rigging.istiod.networking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenFilesTest {

  @Test
  void diffShowsRemovedAndAddedLinesWithContext() {
    String diff = GoldenFiles.unifiedDiff("a\nb\nc\nd\ne\n", "a\nb\nX\nd\ne\n", 1);
    assertThat(diff).contains("--- expected", "+++ actual", "- c", "+ X", "  b", "  d").doesNotContain("  a");
  }

  @Test
  void mismatchFailsWithTheDiff(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cds.json");
    Files.writeString(file, "[\n  1\n]\n");
    assertThatThrownBy(() -> GoldenFiles.assertMatches(file, "[\n  2\n]\n"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("-   1").hasMessageContaining("+   2")
        .hasMessageContaining("-Drefresh.golden=true");
    GoldenFiles.assertMatches(file, "[\n  1\n]\n");
  }
}
