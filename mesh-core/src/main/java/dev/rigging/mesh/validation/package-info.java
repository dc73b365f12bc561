/**
 * Semantic validation of the networking.istio.io and security.istio.io kinds, following the rules
 * of istiod's validation ({@code pkg/config/validation} in istio/istio) so that Rigging accepts and
 * rejects the same configs as Istio. Where Istio only warns (empty selectors, deprecated fields, httpsRedirect on a
 * non-HTTP server…) the result is a warning too, never an error: rejecting config that Istio takes
 * would break compatibility.
 *
 * <p>The entry point is {@link dev.rigging.mesh.validation.ConfigValidator}; there is one
 * package-private validator per kind, and shared checkers for hosts, ports, labels, durations,
 * regexes, header rules and string matches; the AuthorizationPolicy checks are split into sources,
 * operations, conditions and their values ({@code Authz*}).
 *
 * <p>A few checks are stricter than istiod's webhook, each because the config could never match
 * or never take effect: a {@code *} inside (not at an end of) an AuthorizationPolicy principal or
 * namespace, port {@code "0"} in operations and {@code destination.port}, a condition key that only
 * resembles one of Istio's ({@code request.headersX[a]}), a field whose every value is excluded by
 * its {@code not*} form, and an empty step or a blank in a claim path.
 */
package dev.rigging.mesh.validation;
