package dev.rigging.mesh.validation;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * {@code Regexes} checks user regular expressions: RE2 syntax (what Envoy and gRPC evaluate) and at
 * most {@value #MAX_LENGTH} bytes. Istio bounds the length because Envoy rejects RE2 programs above
 * a size limit, and the program size cannot be computed here; the length is a safe proxy.
 */
final class Regexes {
  static final int MAX_LENGTH = 1024;

  private Regexes() {}

  static String problem(String regex) {
    if (regex == null || regex.isEmpty()) {
      return "regex is empty; give an RE2 expression such as ^/api/v[0-9]+/.*";
    }
    int bytes = regex.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_LENGTH) {
      return "regex is " + bytes + " bytes long; must be at most " + MAX_LENGTH;
    }
    try {
      Pattern.compile(regex);
      return null;
    } catch (PatternSyntaxException e) {
      return "invalid RE2 regex \"" + regex + "\": " + e.getDescription()
          + "; see https://github.com/google/re2/wiki/Syntax (no lookaround or backreferences)";
    }
  }
}
