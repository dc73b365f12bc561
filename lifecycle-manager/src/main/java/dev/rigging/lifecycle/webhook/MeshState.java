package dev.rigging.lifecycle.webhook;

import dev.rigging.lifecycle.render.RevisionNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code MeshState} is what decides the webhooks of a mesh: the installed revisions (with their
 * webhook settings) and the revision tags. Tags are explicit ({@code istio-revision-tag-T}
 * webhooks) except one case Istio also has: while revision {@code default} exists and no explicit
 * {@code default} tag points elsewhere, the {@code default} tag is implicitly revision
 * {@code default}, served by that revision's own injector. Explicit tags that point at a revision
 * that is not installed are dropped, so no plan can ever contain a dangling webhook.
 */
public record MeshState(String namespace, Map<String, RevisionSettings> revisions, Map<String, String> tags) {
  public static final String DEFAULT = RevisionNames.DEFAULT_REVISION;

  /** A revision's webhook settings, from its installed spec. */
  public record RevisionSettings(Map<String, String> webhookLabels, String reinvocationPolicy) {
    public RevisionSettings {
      webhookLabels = Map.copyOf(webhookLabels);
      Objects.requireNonNull(reinvocationPolicy, "reinvocationPolicy");
    }

    public static RevisionSettings defaults() {
      return new RevisionSettings(Map.of(), "Never");
    }
  }

  public MeshState {
    Objects.requireNonNull(namespace, "namespace");
    revisions = new TreeMap<>(revisions);
    Map<String, String> t = new TreeMap<>();
    Map<String, RevisionSettings> installed = revisions;
    tags.forEach((tag, rev) -> {
      boolean implicit = DEFAULT.equals(tag) && DEFAULT.equals(rev);
      if (installed.containsKey(rev) && !implicit) {
        t.put(tag, rev);
      }
    });
    revisions = java.util.Collections.unmodifiableMap(revisions);
    tags = java.util.Collections.unmodifiableMap(t);
  }

  public static MeshState empty(String namespace) {
    return new MeshState(namespace, Map.of(), Map.of());
  }

  /** The revision the {@code default} tag resolves to: explicit, else revision default if installed. */
  public Optional<String> defaultTarget() {
    if (tags.containsKey(DEFAULT)) {
      return Optional.of(tags.get(DEFAULT));
    }
    return revisions.containsKey(DEFAULT) ? Optional.of(DEFAULT) : Optional.empty();
  }

  /** Every tag with its revision, the implicit default included. */
  public Map<String, String> effectiveTags() {
    Map<String, String> all = new TreeMap<>(tags);
    defaultTarget().ifPresent(r -> all.put(DEFAULT, r));
    return all;
  }

  /** The tags that resolve to {@code revision}. */
  public List<String> tagsOf(String revision) {
    return effectiveTags().entrySet().stream().filter(e -> e.getValue().equals(revision)).map(Map.Entry::getKey)
        .toList();
  }

  public MeshState withRevision(String revision, RevisionSettings settings) {
    Map<String, RevisionSettings> r = new LinkedHashMap<>(revisions);
    r.put(revision, settings);
    return new MeshState(namespace, r, tags);
  }

  /** Without {@code revision}; tags pointing at it disappear with it. */
  public MeshState withoutRevision(String revision) {
    Map<String, RevisionSettings> r = new LinkedHashMap<>(revisions);
    r.remove(revision);
    return new MeshState(namespace, r, tags);
  }

  public MeshState withTag(String tag, String revision) {
    Map<String, String> t = new LinkedHashMap<>(tags);
    t.put(tag, revision);
    return new MeshState(namespace, revisions, t);
  }

  public MeshState withoutTag(String tag) {
    Map<String, String> t = new LinkedHashMap<>(tags);
    t.remove(tag);
    return new MeshState(namespace, revisions, t);
  }

  /**
   * Whether removing tag {@code default} leaves it implicitly pointing at revision default (so
   * "removing" it changes nothing visible).
   */
  public boolean defaultIsImplicit() {
    return !tags.containsKey(DEFAULT) && revisions.containsKey(DEFAULT);
  }
}
