/**
 * Semantic validation of the networking.istio.io kinds, following the rules of istiod's validation
 * ({@code pkg/config/validation} in istio/istio) so that Rigging accepts and rejects the same
 * configs as Istio. Where Istio only warns (empty selectors, deprecated fields, httpsRedirect on a
 * non-HTTP server…) the result is a warning too, never an error: rejecting config that Istio takes
 * would break compatibility.
 *
 * <p>The entry point is {@link dev.rigging.mesh.validation.ConfigValidator}; there is one
 * package-private validator per kind, and shared checkers for hosts, ports, labels, durations,
 * regexes, header rules and string matches.
 */
package dev.rigging.mesh.validation;
