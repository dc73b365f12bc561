package dev.rigging.lifecycle.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WebhookPlannerTest {
  private static final MeshState.RevisionSettings S = MeshState.RevisionSettings.defaults();
  private static final String NS = "istio-system";

  private static List<HasMetadata> plan(MeshState s) {
    return WebhookPlanner.plan(s);
  }

  private static Map<String, HasMetadata> byKindName(List<HasMetadata> objects) {
    return objects.stream().collect(Collectors.toMap(o -> o.getKind() + "/" + o.getMetadata().getName(), o -> o));
  }

  private static MutatingWebhookConfiguration mwc(List<HasMetadata> p, String name) {
    return (MutatingWebhookConfiguration) byKindName(p).get("MutatingWebhookConfiguration/" + name);
  }

  private static String selectors(MutatingWebhook w) {
    return w.getNamespaceSelector().getMatchExpressions().stream().map(WebhookPlannerTest::expr)
        .collect(Collectors.joining(",")) + " | " + w.getObjectSelector().getMatchExpressions().stream()
        .map(WebhookPlannerTest::expr).collect(Collectors.joining(","));
  }

  private static String expr(LabelSelectorRequirement r) {
    return r.getKey() + " " + r.getOperator() + (r.getValues().isEmpty() ? "" : " " + r.getValues());
  }

  @Test
  void anUnrevisionedInstallServesTheDefaultFromItsOwnInjectorLikeIstiosChart() {
    List<HasMetadata> p = plan(MeshState.empty(NS).withRevision("default", S));
    assertThat(byKindName(p).keySet()).containsExactlyInAnyOrder(
        "MutatingWebhookConfiguration/istio-sidecar-injector",
        "ValidatingWebhookConfiguration/istio-validator-istio-system",
        "ValidatingWebhookConfiguration/istiod-default-validator",
        "ClusterRole/istiod-webhooks-istio-system", "ClusterRoleBinding/istiod-webhooks-istio-system");
    MutatingWebhookConfiguration inj = mwc(p, "istio-sidecar-injector");
    assertThat(inj.getWebhooks()).extracting(MutatingWebhook::getName).containsExactly(
        "rev.namespace.sidecar-injector.istio.io", "rev.object.sidecar-injector.istio.io",
        "namespace.sidecar-injector.istio.io", "object.sidecar-injector.istio.io");
    assertThat(selectors(inj.getWebhooks().get(0)))
        .isEqualTo("istio.io/rev In [default],istio-injection DoesNotExist | sidecar.istio.io/inject NotIn [false]");
    assertThat(selectors(inj.getWebhooks().get(2)))
        .isEqualTo("istio-injection In [enabled] | sidecar.istio.io/inject NotIn [false]");
    assertThat(inj.getWebhooks()).allSatisfy(w -> {
      assertThat(w.getClientConfig().getService().getName()).isEqualTo("istiod");
      assertThat(w.getClientConfig().getService().getPath()).isEqualTo("/inject");
      assertThat(w.getClientConfig().getService().getPort()).isEqualTo(443);
      assertThat(w.getFailurePolicy()).isEqualTo("Fail");
    });
    assertThat(inj.getMetadata().getLabels()).containsEntry("istio.io/rev", "default")
        .containsEntry("app.kubernetes.io/managed-by", "rig");
  }

  @Test
  void aFirstRevisionedInstallGetsAnExplicitDefaultTag() {
    List<HasMetadata> p = plan(MeshState.empty(NS).withRevision("1-0-0", S).withTag("default", "1-0-0"));
    assertThat(mwc(p, "istio-sidecar-injector-1-0-0").getWebhooks()).hasSize(2);
    MutatingWebhookConfiguration tag = mwc(p, "istio-revision-tag-default");
    assertThat(tag.getMetadata().getLabels()).containsEntry("istio.io/tag", "default").containsEntry("istio.io/rev", "1-0-0");
    assertThat(tag.getWebhooks()).hasSize(4).allSatisfy(w ->
        assertThat(w.getClientConfig().getService().getName()).isEqualTo("istiod-1-0-0"));
    assertThat(selectors(tag.getWebhooks().get(0))).startsWith("istio.io/rev In [default]");
    var dv = (ValidatingWebhookConfiguration) byKindName(p).get("ValidatingWebhookConfiguration/istiod-default-validator");
    assertThat(dv.getWebhooks().get(0).getClientConfig().getService().getName()).isEqualTo("istiod-1-0-0");
    assertThat(expr(dv.getWebhooks().get(0).getObjectSelector().getMatchExpressions().get(0)))
        .isEqualTo("istio.io/rev DoesNotExist");
  }

  @Test
  void movingTheDefaultTagAwayDeactivatesTheDefaultRevisionsInjector() {
    MeshState s = MeshState.empty(NS).withRevision("default", S).withRevision("canary", S).withTag("default", "canary");
    List<HasMetadata> p = plan(s);
    assertThat(mwc(p, "istio-sidecar-injector").getWebhooks()).hasSize(2).allSatisfy(w ->
        assertThat(selectors(w)).contains("istio.io/deactivated In [never-match]"));
    assertThat(mwc(p, "istio-revision-tag-default").getWebhooks()).hasSize(4);
    // Moving it back to revision default makes the tag implicit again: no tag webhook, active injector.
    List<HasMetadata> back = plan(s.withTag("default", "default"));
    assertThat(mwc(back, "istio-revision-tag-default")).isNull();
    assertThat(mwc(back, "istio-sidecar-injector").getWebhooks()).hasSize(4)
        .allSatisfy(w -> assertThat(selectors(w)).doesNotContain("deactivated"));
  }

  @Test
  void patchRightsFollowTheWebhooksThatCallEachRevision() {
    MeshState s = MeshState.empty(NS).withRevision("a", S).withRevision("b", S).withTag("default", "a")
        .withTag("prod-stable", "b");
    var role = (ClusterRole) byKindName(plan(s)).get("ClusterRole/istiod-webhooks-b-istio-system");
    assertThat(role.getRules()).extracting(r -> r.getResources().get(0) + "=" + r.getResourceNames()).containsExactly(
        "mutatingwebhookconfigurations=[istio-revision-tag-prod-stable, istio-sidecar-injector-b]",
        "validatingwebhookconfigurations=[istio-revision-tag-prod-stable, istio-validator-b-istio-system]");
  }

  @Test
  void noPlanEverCallsARevisionThatIsNotInstalled() {
    MeshState s = MeshState.empty(NS).withRevision("a", S).withRevision("b", S).withTag("default", "a")
        .withTag("prod-stable", "a").withTag("canary", "b");
    for (MeshState state : List.of(s, s.withoutRevision("a"), s.withoutRevision("b"), s.withoutRevision("a").withoutRevision("b"),
        s.withTag("x", "missing"))) {
      Set<String> services = state.revisions().keySet().stream()
          .map(r -> NS + "/" + new dev.rigging.lifecycle.render.RevisionNames(r, NS).istiod()).collect(Collectors.toSet());
      assertThat(WebhookTargets.dangling(plan(state), services)).as("state %s", state).isEmpty();
    }
    assertThat(s.withoutRevision("a").tags()).containsOnlyKeys("canary");
  }
}
