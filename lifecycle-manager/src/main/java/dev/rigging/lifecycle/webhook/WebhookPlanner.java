package dev.rigging.lifecycle.webhook;

import dev.rigging.lifecycle.render.Component;
import dev.rigging.lifecycle.render.RevisionNames;
import dev.rigging.lifecycle.render.RigLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code WebhookPlanner} computes every webhook configuration of a mesh from its {@link MeshState}
 * — a pure function, so the same state always yields the same webhooks and a webhook can only name
 * a revision that the state says is installed:
 *
 * <ul>
 *   <li>per revision R: injector {@code istio-sidecar-injector[-R]} (label value R) and validator
 *       {@code istio-validator[-R]-NS} (objects labelled {@code istio.io/rev=R});
 *   <li>per explicit tag T: injector and validator {@code istio-revision-tag-T} pointing at T's
 *       revision, with the default entries when T is {@code default};
 *   <li>{@code istiod-default-validator} pointing at the {@code default} tag's revision, for Istio
 *       objects without a revision label;
 *   <li>per revision: the ClusterRole that lets its istiod patch exactly the webhooks pointing at it.
 * </ul>
 *
 * <p>Revision {@code default} carries the default entries itself while the default tag is
 * implicitly its own; when an explicit default tag points elsewhere, its injector is deactivated,
 * as istioctl does, so no namespace is injected twice.
 */
public final class WebhookPlanner {
  private static final List<String> VALIDATED_GROUPS =
      List.of("security.istio.io", "networking.istio.io", "telemetry.istio.io", "extensions.istio.io");

  private WebhookPlanner() {}

  public static List<HasMetadata> plan(MeshState state) {
    String ns = state.namespace();
    List<HasMetadata> out = new ArrayList<>();
    boolean defaultTagIsExplicit = state.tags().containsKey(MeshState.DEFAULT);
    for (var e : state.revisions().entrySet()) {
      String rev = e.getKey();
      RevisionNames n = new RevisionNames(rev, ns);
      MeshState.RevisionSettings settings = e.getValue();
      boolean servesDefault = n.isDefault() && !defaultTagIsExplicit;
      boolean deactivated = n.isDefault() && defaultTagIsExplicit;
      var labels = labels(settings, rev, ns);
      labels.put("app", "sidecar-injector");
      out.add(new MutatingWebhookConfigurationBuilder()
          .withNewMetadata().withName(n.injectorWebhook()).withLabels(labels).endMetadata()
          .withWebhooks(InjectionWebhooks.entries(rev, servesDefault, deactivated, n.istiod(), ns,
              settings.reinvocationPolicy()))
          .build());
      out.add(validator(n.validatorWebhook(), "rev.validation.istio.io", validatorLabels(settings, rev, ns), n.istiod(),
          ns, InjectionWebhooks.in(RigLabels.REV, rev)));
    }
    for (var t : state.tags().entrySet()) {
      String tag = t.getKey();
      String rev = t.getValue();
      RevisionNames n = new RevisionNames(rev, ns);
      MeshState.RevisionSettings settings = state.revisions().get(rev);
      var labels = labels(settings, rev, ns);
      labels.put(RigLabels.TAG, tag);
      labels.put("app", "sidecar-injector");
      out.add(new MutatingWebhookConfigurationBuilder()
          .withNewMetadata().withName(RevisionNames.tagWebhook(tag, ns)).withLabels(labels).endMetadata()
          .withWebhooks(InjectionWebhooks.entries(tag, MeshState.DEFAULT.equals(tag), false, n.istiod(), ns,
              settings.reinvocationPolicy()))
          .build());
      var vlabels = validatorLabels(settings, rev, ns);
      vlabels.put(RigLabels.TAG, tag);
      out.add(validator(RevisionNames.tagWebhook(tag, ns), "rev.validation.istio.io", vlabels, n.istiod(), ns,
          InjectionWebhooks.in(RigLabels.REV, tag)));
    }
    state.defaultTarget().ifPresent(rev -> {
      var labels = validatorLabels(state.revisions().get(rev), rev, ns);
      labels.put(RigLabels.TAG, MeshState.DEFAULT);
      out.add(validator(RevisionNames.defaultValidator(ns), "validation.istio.io", labels,
          new RevisionNames(rev, ns).istiod(), ns, InjectionWebhooks.exists(RigLabels.REV, false)));
    });
    out.addAll(WebhookAccess.render(state, out));
    return out;
  }

  private static Map<String, String> labels(MeshState.RevisionSettings settings, String rev, String ns) {
    var labels = RigLabels.revisioned(Component.PILOT.id(), rev);
    labels.put(RigLabels.MESH, ns);
    // Cloud overlays add labels here (AKS: admissions.enforcer/disabled); rig's own keys win.
    settings.webhookLabels().forEach(labels::putIfAbsent);
    return labels;
  }

  private static Map<String, String> validatorLabels(MeshState.RevisionSettings settings, String rev, String ns) {
    var labels = labels(settings, rev, ns);
    labels.put("app", "istiod");
    labels.put("istio", "istiod");
    return labels;
  }

  private static HasMetadata validator(String name, String entry, Map<String, String> labels, String service,
      String ns, io.fabric8.kubernetes.api.model.LabelSelectorRequirement objectSelector) {
    ValidatingWebhook wh = new ValidatingWebhookBuilder()
        .withName(entry)
        .withNewClientConfig().withNewService().withName(service).withNamespace(ns).withPath("/validate").withPort(443)
        .endService().endClientConfig()
        .addNewRule().withOperations("CREATE", "UPDATE").withApiGroups(VALIDATED_GROUPS).withApiVersions("*")
        .withResources("*").endRule()
        // Fail open until istiod-lite serves the webhook; istiod flips this to Fail (and patches the
        // caBundle) once its endpoint is ready, as Istio does.
        .withFailurePolicy("Ignore")
        .withSideEffects("None")
        .withAdmissionReviewVersions("v1")
        .withObjectSelector(new LabelSelectorBuilder().withMatchExpressions(objectSelector).build())
        .build();
    return new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
        .withWebhooks(wh).build();
  }
}
