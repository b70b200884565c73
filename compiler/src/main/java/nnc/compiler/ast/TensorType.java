package nnc.compiler.ast;

import java.util.List;
import java.util.Optional;
import nnc.compiler.source.Span;

/** A written type: optional dtype ({@code f32}, {@code f64}, {@code i32}) and a shape. */
public record TensorType(Optional<Ident> dtype, List<DimExpr> dims, Span span) {
    public TensorType {
        dims = List.copyOf(dims);
    }

    /** One written dimension: an integer, or a name (symbolic dimension or pattern variable). */
    public sealed interface DimExpr {
        Span span();

        /** An integer dimension; {@code value} saturates at {@link Long#MAX_VALUE}. */
        record Fixed(long value, Span span) implements DimExpr {
        }

        /** A named dimension such as {@code batch}, or a block's pattern variable. */
        record Named(Ident name) implements DimExpr {
            @Override
            public Span span() {
                return name.span();
            }
        }
    }
}
