package dev.rigging.lifecycle.webhook;

import dev.rigging.lifecycle.spec.InstallSpec;

/** {@code RevisionSettingsOf} extracts a revision's webhook settings from its install spec. */
public final class RevisionSettingsOf {
  private RevisionSettingsOf() {}

  public static MeshState.RevisionSettings spec(InstallSpec spec) {
    var global = spec.values().global();
    return new MeshState.RevisionSettings(global.webhookLabels() == null ? java.util.Map.of() : global.webhookLabels(),
        spec.values().sidecarInjectorWebhook().reinvocationPolicy());
  }
}
