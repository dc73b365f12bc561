package dev.rigging.mesh.crd;

/** {@code PrinterColumn} is one extra column {@code kubectl get} shows for a kind. */
public record PrinterColumn(String name, String type, String jsonPath, String description) {}
