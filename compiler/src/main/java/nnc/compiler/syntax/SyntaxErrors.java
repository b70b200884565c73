package nnc.compiler.syntax;

import java.util.ArrayList;
import java.util.List;
import nnc.compiler.source.DiagnosticSink;
import nnc.compiler.source.ErrorCode;
import nnc.grammar.NnLexer;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.FailedPredicateException;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's error recovery with nnc's wording, and a listener that turns each syntax error into
 * a diagnostic (E0002, or E0003 for a character outside the language) instead of printing it.
 * The expected tokens go in a note, named for people: "a name", "a number", "'}'".
 */
final class SyntaxErrors {
    private SyntaxErrors() {
    }

    /** Recovery as ANTLR does it; only the messages change. */
    static final class Strategy extends DefaultErrorStrategy {
        @Override
        protected void reportNoViableAlternative(Parser parser, NoViableAltException e) {
            parser.notifyErrorListeners(e.getOffendingToken(), unexpected(e.getOffendingToken()), e);
        }

        @Override
        protected void reportInputMismatch(Parser parser, InputMismatchException e) {
            parser.notifyErrorListeners(e.getOffendingToken(), unexpected(e.getOffendingToken()), e);
        }

        @Override
        protected void reportFailedPredicate(Parser parser, FailedPredicateException e) {
            parser.notifyErrorListeners(e.getOffendingToken(), unexpected(e.getOffendingToken()), e);
        }

        @Override
        protected void reportUnwantedToken(Parser parser) {
            if (inErrorRecoveryMode(parser)) {
                return;
            }
            beginErrorCondition(parser);
            Token t = parser.getCurrentToken();
            parser.notifyErrorListeners(t, unexpected(t), null);
        }

        @Override
        protected void reportMissingToken(Parser parser) {
            if (inErrorRecoveryMode(parser)) {
                return;
            }
            beginErrorCondition(parser);
            Token t = parser.getCurrentToken();
            String missing = describe(getExpectedTokens(parser), parser.getVocabulary());
            parser.notifyErrorListeners(t, "missing " + missing + " before " + describe(t), null);
        }
    }

    /**
     * Reports each syntax error to the sink; the parser's expected set goes in a note. After an
     * error, further errors on the same line are dropped: they are almost always the parser
     * recovering from the first one.
     */
    static final class Listener extends BaseErrorListener {
        private final DiagnosticSink sink;
        private final Spans spans;
        private int lastErrorLine = -1;

        Listener(DiagnosticSink sink, Spans spans) {
            this.sink = sink;
            this.spans = spans;
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int col,
                                String msg, RecognitionException e) {
            Token token = (Token) offending;
            if (token.getLine() == lastErrorLine) {
                return;
            }
            lastErrorLine = token.getLine();
            if (token.getType() == NnLexer.BAD_CHAR) {
                reportBadChar(token);
                return;
            }
            List<String> notes = new ArrayList<>();
            if (recognizer instanceof Parser parser && !msg.startsWith("missing")) {
                IntervalSet expected = e != null && e.getExpectedTokens() != null
                        ? e.getExpectedTokens() : parser.getExpectedTokens();
                if (!expected.isNil()) {
                    notes.add("expected " + describe(expected, parser.getVocabulary()));
                }
            }
            if (token.getText().equals("=") && recognizer instanceof Parser parser) {
                Token before = parser.getInputStream().LT(-1);
                if (before != null && before.getType() == NnLexer.ID) {
                    notes.add("is the statement before '" + before.getText() + "' incomplete? nnc read '"
                            + before.getText() + "' as the end of it");
                }
            }
            sink.report(ErrorCode.E0002, spans.of(token), msg, notes.toArray(String[]::new));
        }

        private void reportBadChar(Token token) {
            String text = token.getText();
            if (text.equals("\"")) {
                sink.report(ErrorCode.E0003, spans.of(token), "unterminated string",
                        "a string ends with '\"' on the same line");
            } else {
                int cp = text.codePointAt(0);
                String shown = Character.isISOControl(cp) || cp == 0xfffd
                        ? String.format("U+%04X", cp) : "'" + text + "'";
                sink.report(ErrorCode.E0003, spans.of(token),
                        "unexpected character " + shown + " (not part of the .nn language)");
            }
        }
    }

    static String unexpected(Token token) {
        return "unexpected " + describe(token);
    }

    static String describe(Token token) {
        if (token.getType() == Token.EOF) {
            return "end of file";
        }
        String text = token.getText();
        return "'" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'";
    }

    static String describe(IntervalSet set, Vocabulary vocabulary) {
        List<String> names = new ArrayList<>();
        for (int type : set.toList()) {
            String name = nameOf(type, vocabulary);
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        // kinds of token ("a name", "a number") before literal keywords and punctuation, so the
        // most useful alternatives survive the cut below as the keyword list grows
        names.sort(java.util.Comparator.comparing(n -> n.startsWith("'")));
        if (names.size() > 8) {
            return "one of " + String.join(", ", names.subList(0, 8)) + ", ...";
        }
        return names.size() == 1 ? names.get(0) : "one of " + String.join(", ", names);
    }

    private static String nameOf(int type, Vocabulary vocabulary) {
        return switch (type) {
            case Token.EOF -> "end of file";
            case NnLexer.ID -> "a name";
            case NnLexer.INT -> "an integer";
            case NnLexer.FLOAT -> "a number";
            case NnLexer.STRING -> "a string";
            default -> vocabulary.getDisplayName(type);
        };
    }
}
