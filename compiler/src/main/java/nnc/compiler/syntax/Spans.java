package nnc.compiler.syntax;

import nnc.compiler.source.SourceFile;
import nnc.compiler.source.Span;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * Source spans of ANTLR tokens and contexts. ANTLR counts code points while {@link SourceFile}
 * counts UTF-16 chars; the two differ only after a character outside the BMP (an emoji in a
 * comment), so the translation table exists only for such files.
 */
final class Spans {
    private final SourceFile file;
    private final int[] charOffsetOfCodePoint;

    Spans(SourceFile file) {
        this.file = file;
        String text = file.text();
        int codePoints = text.codePointCount(0, text.length());
        if (codePoints == text.length()) {
            charOffsetOfCodePoint = new int[0];
        } else {
            charOffsetOfCodePoint = new int[codePoints + 1];
            int offset = 0;
            for (int cp = 0; cp < codePoints; cp++) {
                charOffsetOfCodePoint[cp] = offset;
                offset += Character.charCount(text.codePointAt(offset));
            }
            charOffsetOfCodePoint[codePoints] = text.length();
        }
    }

    Span of(Token token) {
        int start = toChar(token.getStartIndex());
        int end = Math.max(start, toChar(token.getStopIndex() + 1));
        return new Span(file, start, end);
    }

    Span of(ParserRuleContext ctx) {
        Span first = of(ctx.getStart());
        Token stop = ctx.getStop();
        return stop == null || stop.getStopIndex() < ctx.getStart().getStartIndex()
                ? first : first.to(of(stop));
    }

    private int toChar(int codePointIndex) {
        int length = file.text().length();
        if (charOffsetOfCodePoint.length == 0) {
            return Math.max(0, Math.min(codePointIndex, length));
        }
        int i = Math.max(0, Math.min(codePointIndex, charOffsetOfCodePoint.length - 1));
        return charOffsetOfCodePoint[i];
    }
}
