package dev.rigging.istiod.webhook.validate;

import dev.rigging.mesh.config.ConfigError;

/**
 * {@code AnalyzeMessages} words validation findings exactly as {@code rig analyze} prints them
 * (istioctl's format, e.g. {@code Error [IST0106] (VirtualService shop/reviews
 * kubernetes:VirtualService/shop/reviews) Schema validation error: spec.http[0]…}), so a user sees
 * one message for one mistake whether the webhook refused it or analyze found it. The wording
 * mirrors lifecycle-manager's {@code ConfigSources}; apps share no code, so it is kept in step here.
 */
final class AnalyzeMessages {
  static final String SCHEMA_ERROR = "Error [IST0106]";
  static final String NOT_ANALYZED = "Info [RIG0001]";

  private AnalyzeMessages() {}

  /** True for the decoder's refusal of a kind mesh-core does not know (analyze's RIG0001). */
  static boolean isUnknownKind(ConfigError e) {
    return "kind".equals(e.field()) && e.message().startsWith("unsupported kind");
  }

  /** The finding for {@code e}: RIG0001 for an unknown kind, IST0106 for everything else. */
  static String of(ConfigError e) {
    String where = e.origin() == null ? "" : e.origin().document() > 0
        ? e.origin().source() + ", document " + e.origin().document() : e.origin().source();
    String resource = e.object() != null ? e.object() + " " + where : where;
    String scope = resource.isEmpty() ? "" : " (" + resource + ")";
    if (isUnknownKind(e)) {
      return NOT_ANALYZED + scope + " not analyzed: " + e.message();
    }
    String detail = (e.field() == null || e.field().isEmpty() ? "" : e.field() + ": ") + e.message();
    return SCHEMA_ERROR + scope + " Schema validation error: " + detail;
  }
}
