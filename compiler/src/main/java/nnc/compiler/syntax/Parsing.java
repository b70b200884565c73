package nnc.compiler.syntax;

import java.util.Optional;
import nnc.compiler.ast.Program;
import nnc.compiler.source.Diagnostic;
import nnc.compiler.source.DiagnosticSink;
import nnc.compiler.source.ErrorCode;
import nnc.compiler.source.SourceFile;
import nnc.grammar.NnLexer;
import nnc.grammar.NnParser;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Source text to AST. Every syntax error is reported (ANTLR recovers and goes on); when there
 * was any, no AST is built and the result is empty, so the checker never sees a broken tree.
 */
public final class Parsing {
    private Parsing() {
    }

    /** Parses {@code file}; the AST, or empty after reporting at least one error to {@code sink}. */
    public static Optional<Program> parse(SourceFile file, DiagnosticSink sink) {
        Spans spans = new Spans(file);
        boolean[] failed = {false};
        DiagnosticSink counting = d -> {
            failed[0] |= d.isError();
            sink.report(d);
        };
        NnLexer lexer = new NnLexer(CharStreams.fromString(file.text(), file.name()));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        DepthLimitedParser parser = new DepthLimitedParser(tokens, spans);
        parser.removeErrorListeners();
        try {
            NnParser.ProgramContext tree = parseTwoStage(parser, tokens, counting, spans);
            if (failed[0]) {
                return Optional.empty();
            }
            Program program = new AstBuilder(file, counting).program(tree);
            return failed[0] ? Optional.empty() : Optional.of(program);
        } catch (NestingTooDeep e) {
            sink.report(Diagnostic.of(ErrorCode.E0004, e.where(),
                    "nested too deeply: nnc accepts expressions up to " + AstBuilder.MAX_EXPR_DEPTH
                            + " levels deep",
                    "split the expression into several bindings (name = expr)"));
            return Optional.empty();
        }
    }

    /**
     * The usual ANTLR speed-up: try the fast SLL prediction, which is exact for correct input;
     * only when it fails parse again with full LL and error recovery, for the diagnostics.
     */
    private static NnParser.ProgramContext parseTwoStage(DepthLimitedParser parser, CommonTokenStream tokens,
                                                         DiagnosticSink sink, Spans spans) {
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            return parser.program();
        } catch (ParseCancellationException slow) {
            tokens.seek(0);
            parser.reset();
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            parser.addErrorListener(new SyntaxErrors.Listener(sink, spans));
            parser.setErrorHandler(new SyntaxErrors.Strategy());
            return parser.program();
        }
    }
}
