/**
 * The networking.istio.io kinds as immutable records, with Istio's field names.
 *
 * <p>Field names and shapes follow Istio's published API (networking v1/v1beta1/v1alpha3 share one
 * schema). Optional scalars are boxed so that "absent" stays distinguishable from zero; lists and
 * maps are never null (absent means empty). Durations use Go's duration syntax in YAML ("10s",
 * "1.5s", "100ms", "1m") as Istio does.
 */
package dev.rigging.mesh.api.networking;
