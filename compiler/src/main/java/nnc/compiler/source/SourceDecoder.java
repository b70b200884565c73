package nnc.compiler.source;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the bytes of a {@code .nn} file into a {@link SourceFile}. Bytes that are not UTF-8, and
 * NUL characters, mean the file is not text (an image, a class file, a checkpoint given by
 * mistake): that is reported once, as E0001 at the first offending character, and the caller
 * stops there.
 */
public final class SourceDecoder {
    private SourceDecoder() {
    }

    /** Decodes {@code bytes}; reports E0001 to {@code sink} if they are not UTF-8 text. */
    public static SourceFile decode(String name, byte[] bytes, DiagnosticSink sink) {
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult result = strict.decode(in, out, true);
        if (!result.isError()) {
            result = strict.flush(out);
        }
        int badChar = result.isError() ? out.position() : -1;
        int badByte = in.position();
        SourceFile file = new SourceFile(name, new String(bytes, StandardCharsets.UTF_8));
        String text = file.text();
        int nul = text.indexOf('\0');
        if (badChar >= 0 && (nul < 0 || badChar <= nul)) {
            sink.report(ErrorCode.E0001, new Span(file, badChar, badChar),
                    String.format("'%s' is not UTF-8 text: byte 0x%02x at offset %d is not valid UTF-8",
                            name, bytes[badByte] & 0xff, badByte),
                    "nnc reads .nn model files; check that you passed the model and not a data or weight file");
        } else if (nul >= 0) {
            sink.report(ErrorCode.E0001, new Span(file, nul, nul),
                    "'" + name + "' is not a text file: it contains a NUL character",
                    "nnc reads .nn model files; check that you passed the model and not a data or weight file");
        }
        return file;
    }
}
