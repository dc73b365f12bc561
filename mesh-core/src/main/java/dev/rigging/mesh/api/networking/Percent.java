package dev.rigging.mesh.api.networking;

/** {@code Percent} is a percentage in [0.0, 100.0]. */
public record Percent(Double value) {}
