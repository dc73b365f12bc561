/**
 * The security.istio.io kinds (PeerAuthentication, AuthorizationPolicy, RequestAuthentication) as
 * immutable records, with Istio's field names.
 *
 * <p>Field names and shapes follow Istio's published API ({@code security/v1beta1/*.proto}; v1 and
 * v1beta1 share one schema). As in the networking package, optional scalars are boxed so that
 * "absent" stays distinguishable from zero, and most lists and maps are never null (absent means
 * empty).
 *
 * <p><b>Presence.</b> A few fields change meaning depending on whether they are absent or present
 * but empty, so they keep that difference: they are {@code null} when the field is absent and an
 * (immutable) empty collection when it was written as {@code []} or {@code {}}, and they are written
 * back the same way. Each such component says so in its Javadoc and has an {@code ...OrEmpty()}
 * accessor for code that only iterates. They are:
 * <ul>
 *   <li>{@link dev.rigging.mesh.api.security.AuthorizationPolicy#rules()}: absent ({@code spec: {}})
 *       and {@code []} both match nothing (an ALLOW policy then allows nothing), while
 *       {@code [{}]} holds one empty rule that matches every request;
 *   <li>{@link dev.rigging.mesh.api.security.AuthorizationPolicy.Rule#from()} and
 *       {@link dev.rigging.mesh.api.security.AuthorizationPolicy.Rule#to()}: absent means "any
 *       source/operation", while an empty list is a mistake Istio rejects;
 *   <li>{@link dev.rigging.mesh.api.security.PeerAuthentication#portLevelMtls()}: an empty map is
 *       rejected by Istio, an absent one is the usual case.
 * </ul>
 * {@code when} in a rule is an ordinary list: absent and empty both mean "no further conditions",
 * in Istio as here.
 *
 * <p>Lists may not contain null entries; the constructors reject them, so decoding reports them.
 */
package dev.rigging.mesh.api.security;
