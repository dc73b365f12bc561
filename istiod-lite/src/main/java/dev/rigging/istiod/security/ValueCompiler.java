package dev.rigging.istiod.security;

/** {@code ValueCompiler} turns one value of an Istio field into a {@link Match}. */
@FunctionalInterface
interface ValueCompiler {
  Match compile(String value, CompileContext ctx) throws UnsupportedCondition;
}
