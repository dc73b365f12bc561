package dev.rigging.mesh.api.networking;

/** {@code PortSelector} selects a port by number. */
public record PortSelector(Integer number) {}
