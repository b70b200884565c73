package nnc.compiler.sema;

import nnc.compiler.source.ErrorCode;

/** The result-type rules of the builtins of the "layers" group (see {@link Rules} for the conventions). */
final class LayerRules {
    private LayerRules() {
    }

    /** dropout(x, p): x's type; p in [0, 1). */
    static Type dropout(CallSite s) {
        double p = number(s, "p");
        if (!(p >= 0 && p < 1)) {
            return s.error(ErrorCode.E0305, "dropout probability p must be in [0, 1), got " + p,
                    "p is the probability of zeroing an element; p = 0 keeps every element");
        }
        return s.operand(0);
    }

    static double number(CallSite s, String name) {
        Attr a = s.attr(name);
        return a instanceof Attr.Int i ? i.value() : ((Attr.Num) a).value();
    }
}
