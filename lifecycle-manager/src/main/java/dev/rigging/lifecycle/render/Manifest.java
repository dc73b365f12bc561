package dev.rigging.lifecycle.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * {@code Manifest} is the ordered list of objects of one install: by component (base, istiod,
 * webhooks, gateways), and within a component in {@link KindOrder}. Every object is stamped with
 * its content hash.
 */
public final class Manifest {
  private final List<ManifestItem> items;

  public Manifest(List<ManifestItem> items) {
    List<ManifestItem> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparing(ManifestItem::component)
        .thenComparing(i -> i.object(), KindOrder.APPLY));
    sorted.forEach(i -> ManifestYaml.stamp(i.object()));
    this.items = List.copyOf(sorted);
  }

  public List<ManifestItem> items() {
    return items;
  }

  /** The items of {@code components}, in order. */
  public List<ManifestItem> of(Set<Component> components) {
    return items.stream().filter(i -> components.contains(i.component())).toList();
  }

  public List<HasMetadata> objects() {
    return items.stream().map(ManifestItem::object).toList();
  }

  /** The components that have at least one object, in order. */
  public List<Component> components() {
    return items.stream().map(ManifestItem::component).distinct().toList();
  }

  /** Every object as YAML documents. */
  public String yaml() {
    return ManifestYaml.yaml(objects());
  }
}
