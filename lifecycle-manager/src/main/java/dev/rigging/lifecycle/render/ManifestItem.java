package dev.rigging.lifecycle.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/** {@code ManifestItem} is one rendered object and the component it belongs to. */
public record ManifestItem(Component component, HasMetadata object) {
  public ManifestItem {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(object, "object");
  }

  /** {@code Kind namespace/name} or {@code Kind name}, as messages name objects. */
  public String describe() {
    return describe(object);
  }

  public static String describe(HasMetadata o) {
    String ns = o.getMetadata().getNamespace();
    return o.getKind() + " " + (ns == null ? "" : ns + "/") + o.getMetadata().getName();
  }
}
