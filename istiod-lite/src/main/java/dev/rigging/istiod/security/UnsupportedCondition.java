package dev.rigging.istiod.security;

/**
 * {@code UnsupportedCondition} says that a condition of a rule cannot be checked where the rule
 * is enforced (an HTTP attribute on a TCP port, a JWT claim on a proxyless server...). The
 * compiler then drops an ALLOW rule (it allows less) and leaves the condition out of a DENY,
 * AUDIT or CUSTOM rule (it matches more), never the other way round.
 */
final class UnsupportedCondition extends Exception {
  UnsupportedCondition(String reason) {
    super(reason, null, false, false);
  }
}
