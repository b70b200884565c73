package nnc.compiler.ast;

import java.util.List;
import java.util.Optional;
import nnc.compiler.source.Span;

/** A statement of a model or block body. */
public sealed interface Stmt {
    Span span();

    /** Whether an input is data fed to the model or a target the loss compares against. */
    enum InputKind {
        INPUT("input"),
        TARGET("target");

        private final String keyword;

        InputKind(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    /** {@code input x: [batch, 784]} or {@code target y: i32[batch]}. */
    record Input(InputKind kind, Ident name, TensorType type, Span span) implements Stmt {
    }

    /** {@code param W: [784, 256] = kaiming}; {@code init} is a name or a call expression. */
    record Param(Ident name, TensorType type, Optional<Expr> init, Span span) implements Stmt {
    }

    /**
     * {@code state running_mean: [64] = zeros}: a non-trainable tensor of the model that a
     * training step updates (batch-norm running statistics); {@code init} is a constant.
     */
    record State(Ident name, TensorType type, Optional<Expr> init, Span span) implements Stmt {
    }

    /** {@code name = expr}. A binding named {@code loss} in a model is the model's loss. */
    record Bind(Ident name, Expr value, Span span) implements Stmt {
    }

    /** {@code output name} (an existing value) or {@code output name = expr} (a new binding). */
    record Output(Ident name, Optional<Expr> value, Span span) implements Stmt {
    }

    /** {@code return expr}, the value of a block. */
    record Return(Expr value, Span span) implements Stmt {
    }

    /**
     * {@code for t in range(T) { statements }}: the body once per step, {@code t} = 0 … T-1,
     * unrolled when lowered. {@code range} is the word written before the count (checked to be
     * {@code range}).
     */
    record For(Ident var, Ident range, Expr count, List<Stmt> body, Span span) implements Stmt {
        public For {
            body = List.copyOf(body);
        }
    }

    /** {@code hs[t] = h} in a for loop: the values of each step, stacked into {@code hs} after the loop. */
    record Collect(Ident name, Ident index, Expr value, Span span) implements Stmt {
    }
}
