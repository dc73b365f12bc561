package dev.rigging.lifecycle.webhook;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code InjectionWebhooks} builds Istio's sidecar-injection webhook entries with Istio's
 * selectors: {@code rev.namespace.} (namespace labelled {@code istio.io/rev=NAME}),
 * {@code rev.object.} (pod labelled {@code istio.io/rev=NAME} in an unlabelled namespace) and, for
 * the default, {@code namespace.} ({@code istio-injection=enabled}) and {@code object.} (pod
 * labelled {@code sidecar.istio.io/inject=true}). A deactivated webhook keeps its entries but
 * requires the label {@code istio.io/deactivated}, which nothing carries — what istioctl does to a
 * default revision's injector when the default tag moves away from it.
 */
final class InjectionWebhooks {
  static final String DEACTIVATED = "istio.io/deactivated";

  private InjectionWebhooks() {}

  /** The entries serving label value {@code name}, plus the default entries if {@code isDefault}. */
  static List<MutatingWebhook> entries(String name, boolean isDefault, boolean deactivated, String service,
      String namespace, String reinvocationPolicy) {
    List<MutatingWebhook> out = new ArrayList<>();
    out.add(entry("rev.namespace.", service, namespace, reinvocationPolicy, deactivated,
        selector(in("istio.io/rev", name), exists("istio-injection", false)),
        selector(notIn("sidecar.istio.io/inject", "false"))));
    out.add(entry("rev.object.", service, namespace, reinvocationPolicy, deactivated,
        selector(exists("istio.io/rev", false), exists("istio-injection", false)),
        selector(notIn("sidecar.istio.io/inject", "false"), in("istio.io/rev", name))));
    if (isDefault) {
      out.add(entry("namespace.", service, namespace, reinvocationPolicy, deactivated,
          selector(in("istio-injection", "enabled")),
          selector(notIn("sidecar.istio.io/inject", "false"))));
      out.add(entry("object.", service, namespace, reinvocationPolicy, deactivated,
          selector(exists("istio-injection", false), exists("istio.io/rev", false)),
          selector(in("sidecar.istio.io/inject", "true"), exists("istio.io/rev", false))));
    }
    return out;
  }

  private static MutatingWebhook entry(String prefix, String service, String namespace, String reinvocation,
      boolean deactivated, List<LabelSelectorRequirement> ns, List<LabelSelectorRequirement> object) {
    return new MutatingWebhookBuilder()
        .withName(prefix + "sidecar-injector.istio.io")
        .withNewClientConfig().withNewService().withName(service).withNamespace(namespace).withPath("/inject")
        .withPort(443).endService().endClientConfig()
        .withSideEffects("None")
        .addNewRule().withOperations("CREATE").withApiGroups("").withApiVersions("v1").withResources("pods").endRule()
        .withFailurePolicy("Fail")
        .withReinvocationPolicy(reinvocation)
        .withAdmissionReviewVersions("v1")
        .withNamespaceSelector(build(ns, deactivated))
        .withObjectSelector(build(object, deactivated))
        .build();
  }

  private static LabelSelector build(List<LabelSelectorRequirement> reqs, boolean deactivated) {
    List<LabelSelectorRequirement> all = new ArrayList<>(reqs);
    if (deactivated) {
      all.add(in(DEACTIVATED, "never-match"));
    }
    return new LabelSelectorBuilder().withMatchExpressions(all).build();
  }

  static List<LabelSelectorRequirement> selector(LabelSelectorRequirement... r) {
    return List.of(r);
  }

  static LabelSelectorRequirement in(String key, String value) {
    return new LabelSelectorRequirementBuilder().withKey(key).withOperator("In").withValues(value).build();
  }

  static LabelSelectorRequirement notIn(String key, String value) {
    return new LabelSelectorRequirementBuilder().withKey(key).withOperator("NotIn").withValues(value).build();
  }

  static LabelSelectorRequirement exists(String key, boolean exists) {
    return new LabelSelectorRequirementBuilder().withKey(key).withOperator(exists ? "Exists" : "DoesNotExist").build();
  }
}
