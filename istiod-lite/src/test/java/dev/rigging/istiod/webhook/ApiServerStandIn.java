package dev.rigging.istiod.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rigging.ca.crypto.Pem;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.zjsonpatch.JsonPatch;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * {@code ApiServerStandIn} plays the part of the API server's admission chain, which Fabric8's
 * mock server does not have: it reads the webhook configurations stored in the (mock) cluster,
 * selects the entries whose rules, namespace selector and object selector match — in configuration
 * name order, as the API server does — verifies each webhook's TLS certificate against that
 * entry's {@code caBundle} and Service host name, sends a real AdmissionReview over HTTPS, applies
 * the returned JSON patch, and honours refusals and the failure policy. Services are mapped to the
 * local port where their pods would listen.
 */
final class ApiServerStandIn {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final Map<String, Integer> servicePorts;

  /** One webhook call. */
  record Call(String configuration, String webhook, String service, int status, String error) {}

  /** The outcome of one admission. */
  record Result(JsonNode object, boolean allowed, String message, List<String> warnings, List<Call> calls) {
    /** The webhook entries that were called, as {@code configuration/entry}. */
    List<String> called() {
      return calls.stream().map(c -> c.configuration() + "/" + c.webhook()).toList();
    }
  }

  /** @param servicePorts local port by Service {@code namespace/name} */
  ApiServerStandIn(KubernetesClient client, Map<String, Integer> servicePorts) {
    this.client = client;
    this.servicePorts = Map.copyOf(servicePorts);
  }

  /** Admits a pod CREATE in {@code namespace} through every matching mutating webhook. */
  Result createPod(String namespace, JsonNode pod) throws Exception {
    Namespace ns = client.namespaces().withName(namespace).get();
    Map<String, String> nsLabels = ns == null || ns.getMetadata().getLabels() == null ? Map.of()
        : ns.getMetadata().getLabels();
    JsonNode object = pod.deepCopy();
    List<Call> calls = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<MutatingWebhookConfiguration> configs = new ArrayList<>(
        client.admissionRegistration().v1().mutatingWebhookConfigurations().list().getItems());
    configs.sort(Comparator.comparing(c -> c.getMetadata().getName()));
    for (MutatingWebhookConfiguration config : configs) {
      for (var w : config.getWebhooks()) {
        if (!rulesMatch(w.getRules(), "CREATE", "", "v1", "pods")
            || !LabelSelectors.matches(w.getNamespaceSelector(), nsLabels)
            || !LabelSelectors.matches(w.getObjectSelector(), labels(object))) {
          continue;
        }
        Outcome o = call(config.getMetadata().getName(), w.getName(), w.getClientConfig(),
            request("CREATE", "", "v1", "Pod", "pods", namespace, object));
        calls.add(o.call());
        if (o.response() == null) {
          if ("Fail".equals(w.getFailurePolicy())) {
            return new Result(object, false, o.call().error(), warnings, calls);
          }
          continue;
        }
        JsonNode r = o.response();
        r.path("warnings").forEach(x -> warnings.add(x.asText()));
        if (!r.path("allowed").asBoolean()) {
          return new Result(object, false, r.path("status").path("message").asText(), warnings, calls);
        }
        if (r.hasNonNull("patch")) {
          JsonNode patch = JSON.readTree(Base64.getDecoder().decode(r.path("patch").asText()));
          object = JsonPatch.apply(patch, object);
        }
      }
    }
    return new Result(object, true, null, warnings, calls);
  }

  /** Admits an Istio object through every matching validating webhook. */
  Result validate(String operation, JsonNode object) throws Exception {
    String apiVersion = object.path("apiVersion").asText();
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
    String kind = object.path("kind").asText();
    String lower = kind.toLowerCase(Locale.ROOT);
    String resource = lower.endsWith("y") ? lower.substring(0, lower.length() - 1) + "ies" : lower + "s";
    String namespace = object.path("metadata").path("namespace").asText("default");
    Namespace ns = client.namespaces().withName(namespace).get();
    Map<String, String> nsLabels = ns == null || ns.getMetadata().getLabels() == null ? Map.of()
        : ns.getMetadata().getLabels();
    List<Call> calls = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<ValidatingWebhookConfiguration> configs = new ArrayList<>(
        client.admissionRegistration().v1().validatingWebhookConfigurations().list().getItems());
    configs.sort(Comparator.comparing(c -> c.getMetadata().getName()));
    for (ValidatingWebhookConfiguration config : configs) {
      for (var w : config.getWebhooks()) {
        if (!rulesMatch(w.getRules(), operation, group, version, resource)
            || !LabelSelectors.matches(w.getNamespaceSelector(), nsLabels)
            || !LabelSelectors.matches(w.getObjectSelector(), labels(object))) {
          continue;
        }
        Outcome o = call(config.getMetadata().getName(), w.getName(), w.getClientConfig(),
            request(operation, group, version, kind, resource, namespace, object));
        calls.add(o.call());
        if (o.response() == null) {
          if ("Fail".equals(w.getFailurePolicy())) {
            return new Result(object, false, o.call().error(), warnings, calls);
          }
          continue;
        }
        o.response().path("warnings").forEach(x -> warnings.add(x.asText()));
        if (!o.response().path("allowed").asBoolean()) {
          return new Result(object, false, o.response().path("status").path("message").asText(), warnings, calls);
        }
      }
    }
    return new Result(object, true, null, warnings, calls);
  }

  private record Outcome(Call call, JsonNode response) {}

  private Outcome call(String configuration, String webhook, WebhookClientConfig cc, JsonNode review) {
    String service = cc.getService().getNamespace() + "/" + cc.getService().getName();
    Integer port = servicePorts.get(service);
    if (port == null) {
      return new Outcome(new Call(configuration, webhook, service, 0, "failed calling webhook \"" + webhook
          + "\": service \"" + service + "\" has no endpoints"), null);
    }
    if (cc.getCaBundle() == null || cc.getCaBundle().isEmpty()) {
      return new Outcome(new Call(configuration, webhook, service, 0, "failed calling webhook \"" + webhook
          + "\": no caBundle, x509: certificate signed by unknown authority"), null);
    }
    try {
      List<X509Certificate> roots = Pem.certificates(
          new String(Base64.getDecoder().decode(cc.getCaBundle()), StandardCharsets.US_ASCII));
      HttpsTestClient https = new HttpsTestClient(port, roots,
          cc.getService().getName() + "." + cc.getService().getNamespace() + ".svc");
      HttpsTestClient.Response r = https.post(cc.getService().getPath(), "application/json", JSON.writeValueAsBytes(review));
      if (r.status() != 200) {
        return new Outcome(new Call(configuration, webhook, service, r.status(), r.text()), null);
      }
      JsonNode response = JSON.readTree(r.body()).path("response");
      if (!response.path("uid").asText().equals(review.path("request").path("uid").asText())) {
        return new Outcome(new Call(configuration, webhook, service, r.status(), "response uid mismatch"), null);
      }
      return new Outcome(new Call(configuration, webhook, service, r.status(), null), response);
    } catch (Exception e) {
      return new Outcome(new Call(configuration, webhook, service, 0, "failed calling webhook \"" + webhook + "\": " + e),
          null);
    }
  }

  private static boolean rulesMatch(List<RuleWithOperations> rules, String operation, String group, String version,
      String resource) {
    for (RuleWithOperations r : rules) {
      if ((r.getOperations().contains(operation) || r.getOperations().contains("*"))
          && (r.getApiGroups().contains(group) || r.getApiGroups().contains("*"))
          && (r.getApiVersions().contains(version) || r.getApiVersions().contains("*"))
          && (r.getResources().contains(resource) || r.getResources().contains("*"))) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, String> labels(JsonNode object) {
    Map<String, String> out = new java.util.HashMap<>();
    object.path("metadata").path("labels").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  static ObjectNode request(String operation, String group, String version, String kind, String resource,
      String namespace, JsonNode object) {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    ObjectNode req = review.putObject("request");
    req.put("uid", UUID.randomUUID().toString());
    req.putObject("kind").put("group", group).put("version", version).put("kind", kind);
    req.putObject("resource").put("group", group).put("version", version).put("resource", resource);
    req.put("name", object.path("metadata").path("name").asText(""));
    req.put("namespace", namespace);
    req.put("operation", operation);
    req.putObject("userInfo").put("username", "system:serviceaccount:kube-system:replicaset-controller");
    req.set("object", object);
    req.put("dryRun", false);
    return review;
  }
}
