package dev.rigging.istiod.config.kube;

import dev.rigging.istiod.config.ConfigChange;
import dev.rigging.istiod.config.ConfigStore;
import dev.rigging.istiod.config.kube.KubeRegistryCache.Change;
import dev.rigging.istiod.registry.kube.PodLocality;
import dev.rigging.mesh.config.ConfigKey;
import dev.rigging.mesh.config.ConfigObject;
import dev.rigging.mesh.config.Kind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * {@code ClusterSync} turns informer events into {@link ConfigStore} updates.
 *
 * <p>Nothing reaches the store until {@link #publishInitial()} has written the complete initial
 * state in one update; events before that are dropped because the initial state is read from the
 * informer caches, which already contain them. Each later event re-reads the affected object from
 * the caches (level-triggered, like a controller), so late or repeated events cannot regress the
 * state. One lock serialises all of it, including the store update, so updates reach the store in
 * the order the state changed.
 */
final class ClusterSync {
  private static final Logger LOG = Logger.getLogger(ClusterSync.class);

  private final Object lock = new Object();
  private final ClusterInformers informers;
  private final ConfigStore store;
  private final IstioConfigTracker istio;
  private final KubeRegistryCache registry;
  private final String source;
  private volatile boolean published;
  private boolean closed;

  ClusterSync(ClusterInformers informers, ConfigStore store, IstioConfigTracker istio, KubeRegistryCache registry,
      String source) {
    this.informers = Objects.requireNonNull(informers, "informers");
    this.store = Objects.requireNonNull(store, "store");
    this.istio = Objects.requireNonNull(istio, "istio");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.source = Objects.requireNonNull(source, "source");
  }

  /** Adds the event handlers; call before the informers start. */
  void register() {
    for (Kind kind : Kind.values()) {
      on(informers.istio(kind), kind.kindName(), (GenericKubernetesResource before, GenericKubernetesResource after) ->
          istioChanged(kind, either(before, after)));
    }
    on(informers.serviceInformer(), "Service", (Service before, Service after) -> serviceChanged(either(before, after)));
    on(informers.sliceInformer(), "EndpointSlice", this::sliceChanged);
    on(informers.podInformer(), "Pod", (Pod before, Pod after) -> podChanged(either(before, after)));
    on(informers.nodeInformer(), "Node", this::nodeChanged);
    on(informers.namespaceInformer(), "Namespace", this::namespaceChanged);
  }

  /** Publishes the full state read from the synced caches in one store update. */
  void publishInitial() {
    synchronized (lock) {
      if (closed || published) {
        return;
      }
      publishAll("initial sync of " + source);
      published = true;
      LOG.infof("kubernetes synced: source=%s istioObjects=%d rejected=%d services=%d workloads=%d", source,
          istio.valid().size(), istio.rejectedCount(), registry.services().size(), registry.workloads().size());
    }
  }

  /** True once the initial state is in the store. */
  boolean published() {
    return published;
  }

  /** Ignores every later event. */
  void close() {
    synchronized (lock) {
      closed = true;
    }
  }

  private <T extends HasMetadata> void on(SharedIndexInformer<T> informer, String what, BiConsumer<T, T> onChange) {
    informer.addEventHandler(new ResourceEventHandler<T>() {
      @Override
      public void onAdd(T obj) {
        handle(what, null, obj, onChange);
      }

      @Override
      public void onUpdate(T before, T after) {
        handle(what, before, after, onChange);
      }

      @Override
      public void onDelete(T obj, boolean finalStateUnknown) {
        handle(what, obj, null, onChange);
      }
    });
  }

  private <T extends HasMetadata> void handle(String what, T before, T after, BiConsumer<T, T> onChange) {
    synchronized (lock) {
      if (!published || closed) {
        return;
      }
      try {
        onChange.accept(before, after);
      } catch (RuntimeException e) {
        HasMetadata o = either(before, after);
        LOG.errorf(e, "kubernetes event failed: source=%s object=%s %s/%s; the mesh keeps its previous state for it",
            source, what, o.getMetadata().getNamespace(), o.getMetadata().getName());
      }
    }
  }

  private void istioChanged(Kind kind, GenericKubernetesResource resource) {
    ConfigKey key = IstioConfigTracker.key(kind, resource);
    var current = informers.istioObject(kind, key.namespace(), key.name());
    ConfigObject<?> next;
    if (current.isPresent()) {
      next = istio.apply(kind, current.get());
      if (next == null) {
        return;
      }
    } else if (istio.remove(key)) {
      next = null;
    } else {
      return;
    }
    store.update(s -> {
      Map<ConfigKey, ConfigObject<?>> configs = s.configsCopy();
      if (next == null) {
        configs.remove(key);
      } else {
        configs.put(key, next);
      }
      return s.withConfigs(configs);
    }, ConfigChange.config(Set.of(kind), key.toString()));
  }

  private void serviceChanged(Service service) {
    String ns = service.getMetadata().getNamespace();
    String name = service.getMetadata().getName();
    publishRegistry(registry.refreshService(informers, ns, name), "Service " + ns + "/" + name);
  }

  private void sliceChanged(EndpointSlice before, EndpointSlice after) {
    // A slice relabelled to another Service changes both.
    Set<String> services = new LinkedHashSet<>();
    for (EndpointSlice s : new EndpointSlice[] {before, after}) {
      if (s != null && ClusterInformers.serviceKey(s) != null) {
        services.add(ClusterInformers.serviceKey(s));
      }
    }
    Change change = Change.NONE;
    for (String key : services) {
      String[] nsName = key.split("/", 2);
      change = change.and(registry.refreshService(informers, nsName[0], nsName[1]));
    }
    EndpointSlice slice = either(before, after);
    publishRegistry(change, "EndpointSlice " + slice.getMetadata().getNamespace() + "/" + slice.getMetadata().getName());
  }

  // A pod's labels, service account and readiness feed the endpoints of every Service whose slices name it.
  private void podChanged(Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    Change change = registry.refreshWorkload(informers, ns, name);
    Set<String> services = new HashSet<>();
    for (EndpointSlice slice : informers.slicesReferencing(ns, name)) {
      String key = ClusterInformers.serviceKey(slice);
      if (key != null && services.add(key)) {
        String[] nsName = key.split("/", 2);
        change = change.and(registry.refreshService(informers, nsName[0], nsName[1]));
      }
    }
    publishRegistry(change, "Pod " + ns + "/" + name);
  }

  private void nodeChanged(Node before, Node after) {
    if (before != null && after != null && !PodLocality.changed(before, after)) {
      return; // status and heartbeat updates do not affect the mesh
    }
    publishRegistry(registry.rebuild(informers), "Node " + either(before, after).getMetadata().getName());
  }

  private void namespaceChanged(Namespace before, Namespace after) {
    if (!informers.filtersNamespaces()) {
      return;
    }
    boolean was = before != null && informers.selects(before);
    boolean is = after != null && informers.selects(after);
    if (was != is) {
      String name = either(before, after).getMetadata().getName();
      publishAll("Namespace " + name + (is ? " selected" : " no longer selected") + " by discovery selectors");
    }
  }

  private void publishRegistry(Change change, String reason) {
    if (change == Change.NONE) {
      return;
    }
    var services = registry.services();
    var endpoints = registry.endpoints();
    var workloads = registry.workloads();
    store.update(s -> s.withKubernetes(services, endpoints, workloads),
        change == Change.SERVICES ? ConfigChange.kubeServices(reason) : ConfigChange.kubeEndpoints(reason));
  }

  private void publishAll(String reason) {
    Set<ConfigKey> present = new HashSet<>();
    for (Kind kind : Kind.values()) {
      for (GenericKubernetesResource r : informers.istioObjects(kind)) {
        present.add(IstioConfigTracker.key(kind, r));
        istio.apply(kind, r);
      }
    }
    Set<ConfigKey> gone = istio.retainOnly(present);
    Map<ConfigKey, ConfigObject<?>> valid = istio.valid();
    registry.rebuild(informers);
    var services = registry.services();
    var endpoints = registry.endpoints();
    var workloads = registry.workloads();
    store.update(s -> {
      Map<ConfigKey, ConfigObject<?>> configs = s.configsCopy();
      configs.keySet().removeAll(gone);
      configs.putAll(valid);
      return s.withConfigs(configs).withKubernetes(services, endpoints, workloads);
    }, new ConfigChange(EnumSet.allOf(Kind.class), true, true, reason));
  }

  private static <T> T either(T before, T after) {
    return after != null ? after : before;
  }

  /** Objects rejected right now, with their errors. */
  java.util.Map<String, java.util.List<String>> rejected() {
    synchronized (lock) {
      return istio.rejectedErrors();
    }
  }
}
