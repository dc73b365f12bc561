package dev.rigging.lifecycle.cli;

import static dev.rigging.lifecycle.testing.MeshAssertions.assertNoDanglingWebhooks;
import static dev.rigging.lifecycle.testing.MeshAssertions.rigWrites;
import static dev.rigging.lifecycle.testing.MeshAssertions.webhookNames;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rigging.lifecycle.testing.RigTest;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The revision canary, end to end: install blue, tag it, canary green beside it, move the tags,
 * roll back, move forward again, hand the gateway over, and remove blue — checking after every
 * step which webhooks exist, where they point, and that none points at a revision that is gone.
 */
@QuarkusMainTest
class CanaryLifecycleTest extends RigTest {

  private String injectorService(String name) {
    var w = cluster.client().admissionRegistration().v1().mutatingWebhookConfigurations().withName(name).get();
    return w == null ? null : w.getWebhooks().get(0).getClientConfig().getService().getName();
  }

  private String validatorService(String name) {
    ValidatingWebhookConfiguration w = cluster.client().admissionRegistration().v1().validatingWebhookConfigurations()
        .withName(name).get();
    return w == null ? null : w.getWebhooks().get(0).getClientConfig().getService().getName();
  }

  private void ok(LaunchResult r, String step) {
    assertThat(r.exitCode()).as(step + ": " + r.getErrorOutput()).isZero();
    assertNoDanglingWebhooks(cluster, step);
  }

  private void namespace(String name, String key, String value) {
    cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
        .addToLabels(key, value).endMetadata().build()).create();
  }

  @Test
  void canaryTagMoveRollbackAndUninstall(QuarkusMainLauncher launcher) throws Exception {
    namespace("shop", "istio.io/rev", "prod-stable");
    namespace("web", "istio-injection", "enabled");

    ok(change(launcher, "install", "-r", "blue", "--version", "1.0.0"), "install blue");
    assertThat(webhookNames(cluster)).containsExactly(
        "MutatingWebhookConfiguration/istio-revision-tag-default", "MutatingWebhookConfiguration/istio-sidecar-injector-blue",
        "ValidatingWebhookConfiguration/istio-revision-tag-default", "ValidatingWebhookConfiguration/istio-validator-blue-istio-system",
        "ValidatingWebhookConfiguration/istiod-default-validator");
    assertThat(injectorService("istio-revision-tag-default")).isEqualTo("istiod-blue");

    LaunchResult tag = change(launcher, "tag", "set", "prod-stable", "-r", "blue");
    ok(tag, "tag prod-stable -> blue");
    assertThat(tag.getErrorOutput()).contains("✔ Revision tag prod-stable created, now blue")
        .contains("namespaces using it: shop");

    ok(change(launcher, "install", "-r", "green", "--version", "1.1.0", "--set", "profile=minimal"), "install green");
    assertThat(injectorService("istio-sidecar-injector-green")).isEqualTo("istiod-green");
    assertThat(injectorService("istio-revision-tag-prod-stable")).as("a canary moves nothing by itself").isEqualTo("istiod-blue");
    assertThat(validatorService("istiod-default-validator")).isEqualTo("istiod-blue");
    assertThat(cluster.client().apps().deployments().inNamespace("istio-system").withName("istio-ingressgateway").get()
        .getMetadata().getLabels()).containsEntry("istio.io/rev", "blue");

    LaunchResult refused = change(launcher, "tag", "set", "prod-stable", "-r", "green");
    assertThat(refused.exitCode()).isEqualTo(64);
    assertThat(refused.getErrorOutput()).contains("revision tag \"prod-stable\" already points at blue; pass --overwrite");

    ok(change(launcher, "tag", "set", "prod-stable", "-r", "green", "--overwrite"), "move prod-stable to green");
    assertThat(injectorService("istio-revision-tag-prod-stable")).isEqualTo("istiod-green");
    ok(change(launcher, "tag", "set", "default", "-r", "green", "--overwrite"), "move default to green");
    assertThat(injectorService("istio-revision-tag-default")).isEqualTo("istiod-green");
    assertThat(validatorService("istiod-default-validator")).as("validation follows the default tag").isEqualTo("istiod-green");

    ok(change(launcher, "tag", "set", "prod-stable", "-r", "blue", "--overwrite"), "roll back prod-stable");
    ok(change(launcher, "tag", "set", "default", "-r", "blue", "--overwrite"), "roll back default");
    assertThat(injectorService("istio-revision-tag-prod-stable")).isEqualTo("istiod-blue");
    assertThat(validatorService("istiod-default-validator")).isEqualTo("istiod-blue");

    int before = rigWrites(cluster).size();
    LaunchResult inUse = change(launcher, "uninstall", "-r", "blue");
    assertThat(inUse.exitCode()).isEqualTo(1);
    assertThat(inUse.getErrorOutput()).contains("refusing to uninstall: it is still in use")
        .contains("revision blue: tag default points at it").contains("revision blue: tag prod-stable points at it")
        .contains("namespace shop (istio.io/rev=prod-stable)").contains("namespace web (istio-injection=enabled)")
        .contains("gateway istio-ingressgateway is bound to it");
    assertThat(rigWrites(cluster)).as("a refused uninstall writes nothing").hasSize(before);

    ok(change(launcher, "tag", "set", "prod-stable", "-r", "green", "--overwrite"), "forward prod-stable");
    ok(change(launcher, "tag", "set", "default", "-r", "green", "--overwrite"), "forward default");
    ok(change(launcher, "install", "-r", "green", "--version", "1.1.0"), "green takes over the gateway");
    assertThat(cluster.client().apps().deployments().inNamespace("istio-system").withName("istio-ingressgateway").get()
        .getMetadata().getLabels()).containsEntry("istio.io/rev", "green");

    ok(change(launcher, "uninstall", "-r", "blue"), "uninstall blue");
    assertThat(cluster.client().apps().deployments().inNamespace("istio-system").withName("istiod-blue").get()).isNull();
    assertThat(cluster.client().services().inNamespace("istio-system").withName("istiod-blue").get()).isNull();
    assertThat(webhookNames(cluster)).containsExactly(
        "MutatingWebhookConfiguration/istio-revision-tag-default", "MutatingWebhookConfiguration/istio-revision-tag-prod-stable",
        "MutatingWebhookConfiguration/istio-sidecar-injector-green",
        "ValidatingWebhookConfiguration/istio-revision-tag-default", "ValidatingWebhookConfiguration/istio-revision-tag-prod-stable",
        "ValidatingWebhookConfiguration/istio-validator-green-istio-system", "ValidatingWebhookConfiguration/istiod-default-validator");
    assertThat(cluster.client().rbac().clusterRoles().withName("istiod-webhooks-blue-istio-system").get()).isNull();

    LaunchResult list = rig(launcher, "tag", "list");
    assertThat(list.exitCode()).isZero();
    assertThat(list.getOutput()).contains("default ", "green", "web").contains("prod-stable", "shop");

    LaunchResult purgeRefused = change(launcher, "uninstall", "--purge");
    assertThat(purgeRefused.exitCode()).isEqualTo(1);
    ok(change(launcher, "uninstall", "--purge", "--force"), "purge");
    assertThat(webhookNames(cluster)).isEmpty();
    assertThat(cluster.client().apps().deployments().inAnyNamespace().list().getItems()).isEmpty();
    assertThat(cluster.client().apiextensions().v1().customResourceDefinitions().list().getItems())
        .as("CRDs hold everyone's config and are kept").hasSize(dev.rigging.mesh.config.Kind.values().length);
    List<String> audit = Files.readAllLines(this.audit);
    assertThat(audit).as("one line per change attempted").hasSize(15);
    assertThat(audit.stream().filter(l -> l.contains("\"result\":\"failure\""))).hasSize(3);
  }

  @Test
  void forcedRemovalOfATaggedRevisionTakesItsTagsWithIt(QuarkusMainLauncher launcher) {
    ok(change(launcher, "install", "-r", "blue", "--set", "profile=minimal"), "install blue");
    ok(change(launcher, "install", "-r", "green", "--set", "profile=minimal"), "install green");
    ok(change(launcher, "tag", "set", "canary", "-r", "green"), "tag canary");
    int writes = rigWrites(cluster).size();
    LaunchResult generated = rig(launcher, "tag", "generate", "staging", "-r", "blue");
    assertThat(generated.exitCode()).isZero();
    List<io.fabric8.kubernetes.api.model.HasMetadata> tagObjects = cluster.client().load(
        new java.io.ByteArrayInputStream(generated.getOutput().getBytes(java.nio.charset.StandardCharsets.UTF_8))).items();
    assertThat(tagObjects).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactly(
        "MutatingWebhookConfiguration/istio-revision-tag-staging", "ValidatingWebhookConfiguration/istio-revision-tag-staging");
    assertThat(((MutatingWebhookConfiguration) tagObjects.get(0)).getWebhooks())
        .allSatisfy(w -> assertThat(w.getClientConfig().getService().getName()).isEqualTo("istiod-blue"));
    assertThat(rigWrites(cluster)).as("tag generate only prints").hasSize(writes);

    cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("legacy").endMetadata()
        .build()).create();
    cluster.client().pods().inNamespace("legacy").resource(new io.fabric8.kubernetes.api.model.PodBuilder()
        .withNewMetadata().withName("app-1").withNamespace("legacy").addToLabels("istio.io/rev", "green").endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("example/app:1").endContainer().endSpec().build())
        .create();
    LaunchResult podInUse = change(launcher, "uninstall", "-r", "green");
    assertThat(podInUse.exitCode()).isEqualTo(1);
    assertThat(podInUse.getErrorOutput()).contains("revision green: pod legacy/app-1");
    LaunchResult missing = change(launcher, "tag", "set", "later", "-r", "purple");
    assertThat(missing.exitCode()).isEqualTo(64);
    assertThat(missing.getErrorOutput()).contains("revision \"purple\" is not installed in istio-system; installed: blue, green");
    LaunchResult clash = change(launcher, "tag", "set", "blue", "-r", "green");
    assertThat(clash.exitCode()).isEqualTo(64);
    ok(change(launcher, "uninstall", "-r", "green", "--force"), "forced uninstall of green");
    assertThat(webhookNames(cluster)).doesNotContain("MutatingWebhookConfiguration/istio-revision-tag-canary");
    ok(change(launcher, "uninstall", "-r", "blue", "--force"), "forced uninstall of the default");
    assertThat(webhookNames(cluster)).isEmpty();
  }
}
