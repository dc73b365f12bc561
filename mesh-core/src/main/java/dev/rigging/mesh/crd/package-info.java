/**
 * CustomResourceDefinitions of the Istio kinds, generated from the Java model by
 * {@link dev.rigging.mesh.crd.CrdGenerator}, committed under {@code src/main/resources/crds/} and
 * read back by {@link dev.rigging.mesh.crd.Crds}. A test keeps the committed files equal to the
 * generated ones.
 */
package dev.rigging.mesh.crd;
