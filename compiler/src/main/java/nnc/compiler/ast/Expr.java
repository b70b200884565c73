package nnc.compiler.ast;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import nnc.compiler.source.Span;

/** An expression. Records compare by value; the checker keys its side tables by identity. */
public sealed interface Expr {
    Span span();

    /** A number as written; {@code integral} when it has no dot and no exponent. */
    record Number(String text, double value, boolean integral, Span span) implements Expr {
    }

    /** A string literal (only meaningful as an argument, e.g. {@code reduction = "mean"}). */
    record Str(String value, Span span) implements Expr {
    }

    /** {@code true} or {@code false}. */
    record Bool(boolean value, Span span) implements Expr {
    }

    /** A name, or a path to a block's parameter such as {@code h1.W} or {@code r1.a.W}. */
    record Path(List<Ident> parts, Span span) implements Expr {
        public Path {
            parts = List.copyOf(parts);
        }

        /** The parts joined with dots. */
        public String dotted() {
            return parts.stream().map(Ident::text).collect(Collectors.joining("."));
        }

        /** Whether this is a plain name (one part). */
        public boolean isSimple() {
            return parts.size() == 1;
        }
    }

    /** {@code f(a, b, name = c)}: a builtin, a block, an initializer, an optimizer or a schedule. */
    record Call(Ident callee, List<Arg> args, Span span) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }

    /** One argument of a call: positional when {@code name} is empty. */
    record Arg(Optional<Ident> name, Expr value, Span span) {
    }

    /** Unary minus. */
    record Neg(Expr operand, Span span) implements Expr {
    }

    /** A binary operator; {@code opSpan} is the operator token, where diagnostics point. */
    record Binary(BinOp op, Expr left, Expr right, Span opSpan, Span span) implements Expr {
    }

    /** {@code [a, b, c]}: only meaningful as an argument (reshape dims, milestones, perms). */
    record ListLit(List<Expr> items, Span span) implements Expr {
        public ListLit {
            items = List.copyOf(items);
        }
    }

    /** The binary operators, with the symbol they are written with. */
    enum BinOp {
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), MATMUL("@"), POW("^");

        private final String symbol;

        BinOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }
}
