package nnc.compiler.ast;

import java.util.List;
import java.util.Optional;
import nnc.compiler.source.Span;

/** A top-level declaration: a model, a reusable block, or a train section. */
public sealed interface Decl {
    Ident name();

    Span span();

    /** {@code model Name { statements }}. */
    record Model(Ident name, List<Stmt> body, Span span) implements Decl {
        public Model {
            body = List.copyOf(body);
        }
    }

    /** {@code block name(x: [n, i], units) { statements; return expr }}. */
    record Block(Ident name, List<BlockParam> params, List<Stmt> body, Span span) implements Decl {
        public Block {
            params = List.copyOf(params);
            body = List.copyOf(body);
        }
    }

    /** {@code train Name { key = value ... }}; {@code name} is the model's name. */
    record Train(Ident name, List<TrainEntry> entries, Span span) implements Decl {
        public Train {
            entries = List.copyOf(entries);
        }
    }

    /**
     * A block parameter: a tensor with a shape pattern ({@code x: [n, i]}, dims that are names
     * are pattern variables bound at the call) or, without a type, a size ({@code units}) that
     * the call gives as a positive integer constant.
     */
    record BlockParam(Ident name, Optional<TensorType> type, Span span) {
    }

    /** {@code key = value} or {@code key = value then value} in a train section. */
    record TrainEntry(Ident key, List<Expr> values, Span span) {
        public TrainEntry {
            values = List.copyOf(values);
        }
    }
}
