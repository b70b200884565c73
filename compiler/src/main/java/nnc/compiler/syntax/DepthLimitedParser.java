package nnc.compiler.syntax;

import nnc.grammar.NnParser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.TokenStream;

/**
 * The generated parser with a bound on how deeply rules may nest, so that {@code ((((...))))}
 * or {@code - - - - x} a hundred thousand levels deep becomes diagnostic E0004 at the token
 * where the limit was crossed instead of a StackOverflowError.
 */
final class DepthLimitedParser extends NnParser {
    /** Rule invocations on the parser's stack; one level of parentheses costs two. */
    static final int MAX_RULE_DEPTH = 540;

    private final Spans spans;
    private int depth;

    DepthLimitedParser(TokenStream input, Spans spans) {
        super(input);
        this.spans = spans;
    }

    @Override
    public void enterRule(ParserRuleContext localctx, int state, int ruleIndex) {
        deeper();
        super.enterRule(localctx, state, ruleIndex);
    }

    @Override
    public void exitRule() {
        depth--;
        super.exitRule();
    }

    @Override
    public void enterRecursionRule(ParserRuleContext localctx, int state, int ruleIndex, int precedence) {
        deeper();
        super.enterRecursionRule(localctx, state, ruleIndex, precedence);
    }

    @Override
    public void unrollRecursionContexts(ParserRuleContext parentctx) {
        depth--;
        super.unrollRecursionContexts(parentctx);
    }

    @Override
    public void reset() {
        super.reset();
        depth = 0;
    }

    private void deeper() {
        if (++depth > MAX_RULE_DEPTH) {
            throw new NestingTooDeep(spans.of(getCurrentToken()));
        }
    }
}
