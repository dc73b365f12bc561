package dev.rigging.istiod.webhook;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code CaBundleEntries} computes the JSON patch that sets the {@code caBundle} of the webhook
 * entries calling one istiod Service — and nothing else. Each replacement is guarded by a
 * {@code test} of the entry's name at its index, so a configuration reordered between read and
 * patch fails the patch instead of writing the bundle into someone else's entry.
 */
final class CaBundleEntries {
  private CaBundleEntries() {}

  /** One webhook entry: its name and client config. */
  record Entry(String name, WebhookClientConfig clientConfig) {}

  /**
   * The patch operations, or an empty list when every entry calling {@code namespace/service}
   * already carries {@code caBundle} (base64 of the PEM roots).
   */
  static List<String> operations(List<Entry> entries, String namespace, String service, String caBundle) {
    Objects.requireNonNull(caBundle, "caBundle");
    List<String> ops = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      WebhookClientConfig cc = e.clientConfig();
      if (cc == null || cc.getService() == null || !namespace.equals(cc.getService().getNamespace())
          || !service.equals(cc.getService().getName()) || caBundle.equals(cc.getCaBundle())) {
        continue;
      }
      ops.add("{\"op\":\"test\",\"path\":\"/webhooks/" + i + "/name\",\"value\":" + quote(e.name()) + "}");
      ops.add("{\"op\":\"add\",\"path\":\"/webhooks/" + i + "/clientConfig/caBundle\",\"value\":" + quote(caBundle) + "}");
    }
    return ops;
  }

  /** Entries calling {@code namespace/service}, by name. */
  static List<String> calling(List<Entry> entries, String namespace, String service) {
    return entries.stream().filter(e -> e.clientConfig() != null && e.clientConfig().getService() != null
        && namespace.equals(e.clientConfig().getService().getNamespace())
        && service.equals(e.clientConfig().getService().getName())).map(Entry::name).toList();
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
