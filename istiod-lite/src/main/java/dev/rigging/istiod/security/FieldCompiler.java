package dev.rigging.istiod.security;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code FieldCompiler} compiles one field of a rule, with its negation, as Istio does: the
 * values ORed, the {@code not} values ORed and negated, both required. A value that cannot be
 * checked on the target fails the whole rule when {@code strict} (ALLOW: the rule is dropped) and
 * is otherwise left out with a note (DENY, AUDIT, CUSTOM: the rule matches more).
 */
final class FieldCompiler {
  private final CompileContext ctx;
  private final boolean strict;
  private final List<String> notes;

  /**
   * @param ctx the context of positive values
   * @param strict fail on an unsupported value instead of leaving it out
   * @param notes where left-out values are reported
   */
  FieldCompiler(CompileContext ctx, boolean strict, List<String> notes) {
    this.ctx = ctx;
    this.strict = strict;
    this.notes = notes;
  }

  /** Adds to {@code out} the parts of field {@code label}; nothing when both lists are empty. */
  void field(List<Match> out, String label, String notLabel, List<String> values, List<String> notValues,
      ValueCompiler compiler) throws UnsupportedCondition {
    List<Match> any = compileAll(label, values, compiler, ctx);
    if (!any.isEmpty()) {
      out.add(new Match.Labeled(label + " " + values, new Match.AnyOf(any)));
    }
    List<Match> none = compileAll(notLabel, notValues, compiler, ctx.negated());
    if (!none.isEmpty()) {
      out.add(new Match.Labeled(notLabel + " " + notValues, new Match.Not(new Match.AnyOf(none))));
    }
  }

  private List<Match> compileAll(String label, List<String> values, ValueCompiler compiler, CompileContext c)
      throws UnsupportedCondition {
    List<Match> out = new ArrayList<>();
    for (String v : values) {
      try {
        out.add(compiler.compile(v, c));
      } catch (UnsupportedCondition e) {
        if (strict) {
          throw new UnsupportedCondition(label + ": " + e.getMessage());
        }
        notes.add(label + " \"" + v + "\" left out: " + e.getMessage());
      }
    }
    return out;
  }
}
