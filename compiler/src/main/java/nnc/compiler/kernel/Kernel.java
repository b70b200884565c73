package nnc.compiler.kernel;

import java.util.ArrayList;
import java.util.List;
import nnc.compiler.source.Span;
import nnc.runtime.Dim;

/**
 * One loop nest of kernel IR: the unit of scheduling, of memory planning (slots are live from
 * the kernel that writes them to the last kernel that reads them) and of code generation (one
 * emitter per kind, one generated method per kernel).
 */
public sealed interface Kernel {

    /** The source position of the graph node this kernel computes (its first result). */
    Span span();

    /** The slots read. */
    List<Slot> reads();

    /** The slots written. */
    List<Slot> writes();

    /** Floating-point operations for a batch of {@code batch} rows (for reports). */
    long flops(int batch);

    /** A one-line description for reports. */
    String describe();

    /**
     * A fused elementwise loop over {@code domain}: evaluates the body at every element and
     * writes each output.
     */
    record Elementwise(List<Dim> domain, Body body, List<Out> outs, Span span) implements Kernel {
        public Elementwise {
            domain = List.copyOf(domain);
            outs = List.copyOf(outs);
        }

        @Override
        public List<Slot> reads() {
            return body.loads().stream().map(Expr.Load::slot).distinct().toList();
        }

        @Override
        public List<Slot> writes() {
            return outs.stream().map(Out::slot).toList();
        }

        @Override
        public long flops(int batch) {
            return Extent.product(domain).at(batch) * body.opCount();
        }

        @Override
        public String describe() {
            return "elementwise " + Kernels.shape(domain) + " " + body.opCount() + " ops -> " + Kernels.names(writes());
        }
    }

    /**
     * {@code C = op(A) @ op(B)} (2-D, batched 3-D, or 3-D A with a shared 2-D B), where op transposes the last two axes
     * when the flag is set, followed by an elementwise epilogue over C's shape whose body reads
     * the product as {@link Expr.Acc}.
     */
    record MatMul(Slot a, boolean transA, Slot b, boolean transB, Dim k, List<Dim> domain, Body epilogue,
            List<Out> outs, Span span) implements Kernel {
        public MatMul {
            domain = List.copyOf(domain);
            outs = List.copyOf(outs);
        }

        /** The rows of C. */
        public Dim m() {
            return domain.get(domain.size() - 2);
        }

        /** The columns of C. */
        public Dim n() {
            return domain.get(domain.size() - 1);
        }

        /**
         * Whether one 2-D right operand serves every batch of a 3-D product ({@code [b,m,k] @ [k,n]}):
         * B holds {@code k·n} elements, not one matrix per batch. (Its slot's rank does not tell: a
         * flattened {@code [batch, k·n]} gradient viewed as {@code [batch, k, n]} has rank 2 too.)
         */
        public boolean sharedB() {
            return domain.size() == 3 && b.size().equals(Extent.of(k).times(Extent.of(n())));
        }

        /** The number of independent products (1 for 2-D). */
        public Extent batches() {
            return domain.size() == 3 ? Extent.of(domain.get(0)) : Extent.ONE;
        }

        @Override
        public List<Slot> reads() {
            List<Slot> all = new ArrayList<>(List.of(a, b));
            epilogue.loads().forEach(l -> all.add(l.slot()));
            return all.stream().distinct().toList();
        }

        @Override
        public List<Slot> writes() {
            return outs.stream().map(Out::slot).toList();
        }

        @Override
        public long flops(int batch) {
            long mnk = batches().times(Extent.of(m())).times(Extent.of(n())).times(Extent.of(k())).at(batch);
            return 2 * mnk + Extent.product(domain).at(batch) * epilogue.opCount();
        }

        @Override
        public String describe() {
            return "matmul " + a.name() + (transA ? "ᵀ" : "") + " @ " + b.name() + (transB ? "ᵀ" : "")
                    + " " + Kernels.shape(domain) + " + epilogue " + epilogue.opCount() + " ops -> "
                    + Kernels.names(writes());
        }
    }

    /**
     * A reduction (sum or max) of a fused elementwise body over {@code axes} of {@code domain},
     * written to {@code out} (the domain without those axes).
     */
    record Reduce(List<Dim> domain, Body body, int root, List<Integer> axes, boolean max, Slot out,
            Span span) implements Kernel {
        public Reduce {
            domain = List.copyOf(domain);
            axes = List.copyOf(axes);
        }

        @Override
        public List<Slot> reads() {
            return body.loads().stream().map(Expr.Load::slot).distinct().toList();
        }

        @Override
        public List<Slot> writes() {
            return List.of(out);
        }

        @Override
        public long flops(int batch) {
            return Extent.product(domain).at(batch) * (body.opCount() + 1L);
        }

        @Override
        public String describe() {
            return (max ? "reduce-max " : "reduce-sum ") + Kernels.shape(domain) + " axes " + axes
                    + " (" + body.opCount() + " fused ops) -> " + out.name();
        }
    }

    /**
     * {@code x - max - log Σ exp(x - max)} along {@code axis}, row by row, followed by an
     * elementwise epilogue (e.g. the {@code exp} of softmax) whose body reads the log-softmax
     * value as {@link Expr.Acc}. Epilogue loads only occur for 2-D inputs along the last axis.
     */
    record LogSoftmax(Slot in, List<Dim> shape, int axis, Body epilogue, List<Out> outs, Span span) implements Kernel {
        public LogSoftmax {
            shape = List.copyOf(shape);
            outs = List.copyOf(outs);
        }

        @Override
        public List<Slot> reads() {
            List<Slot> all = new ArrayList<>(List.of(in));
            epilogue.loads().forEach(l -> all.add(l.slot()));
            return all.stream().distinct().toList();
        }

        @Override
        public List<Slot> writes() {
            return outs.stream().map(Out::slot).toList();
        }

        @Override
        public long flops(int batch) {
            return (4L + epilogue.opCount()) * Extent.product(shape).at(batch);
        }

        @Override
        public String describe() {
            return "log-softmax " + in.name() + Kernels.shape(shape) + " axis " + axis + " + epilogue "
                    + epilogue.opCount() + " ops -> " + Kernels.names(writes());
        }
    }

    /**
     * Fills {@code out} with the uniform numbers of random stream {@code stream} in the current
     * training step: element {@code i} is {@code RandomStream.uniform(key, i)} with the model's
     * {@code randomKey(stream)}.
     */
    record Random(long stream, Slot out, Span span) implements Kernel {
        @Override
        public List<Slot> reads() {
            return List.of();
        }

        @Override
        public List<Slot> writes() {
            return List.of(out);
        }

        @Override
        public long flops(int batch) {
            return 0;
        }

        @Override
        public String describe() {
            return "random stream " + stream + " -> " + out.name();
        }
    }

    /**
     * Rows of a {@code [rows, width]} table by i32 index: a gather copies row {@code indices[i]}
     * of {@code source} (the table) to row i of {@code out}; a scatter-add zeroes {@code out} (the
     * table) and adds row i of {@code source} to its row {@code indices[i]}. A bad index fails
     * with a clear message.
     */
    record Gather(Slot source, Slot indices, Slot out, int rows, int width, boolean scatter, Span span)
            implements Kernel {
        @Override
        public List<Slot> reads() {
            return List.of(source, indices);
        }

        @Override
        public List<Slot> writes() {
            return List.of(out);
        }

        @Override
        public long flops(int batch) {
            return scatter ? indices.size().at(batch) * width : 0;
        }

        @Override
        public String describe() {
            return (scatter ? "scatter-add " : "gather ") + source.name() + " by " + indices.name()
                    + " (" + rows + " rows of " + width + ") -> " + out.name();
        }
    }

    /** i32 class indices to one-hot rows, failing with a clear message on a bad label. */
    record OneHot(Slot labels, Slot out, int classes, Span span) implements Kernel {
        @Override
        public List<Slot> reads() {
            return List.of(labels);
        }

        @Override
        public List<Slot> writes() {
            return List.of(out);
        }

        @Override
        public long flops(int batch) {
            return 0;
        }

        @Override
        public String describe() {
            return "one-hot " + labels.name() + " (" + classes + " classes) -> " + out.name();
        }
    }

    /**
     * A slice or a zero pad along one axis ({@link nnc.compiler.ir.Attr.Window}): for each of
     * the {@code outer} rows before the axis, {@code len} blocks of {@code inner} elements copied
     * from operand position {@code inStart} to result position {@code outStart}; a pad writes
     * zeros around them. Copies are contiguous runs of {@code len·inner} elements.
     */
    record Window(Slot in, Slot out, Extent outer, Extent inner, int inLen, int outLen, int inStart,
            int outStart, int len, Span span) implements Kernel {
        /** Whether the result has elements the operand does not fill (a pad). */
        public boolean pads() {
            return len < outLen;
        }

        @Override
        public List<Slot> reads() {
            return List.of(in);
        }

        @Override
        public List<Slot> writes() {
            return List.of(out);
        }

        @Override
        public long flops(int batch) {
            return 0;
        }

        @Override
        public String describe() {
            return (pads() ? "pad " : "slice ") + in.name() + " [" + inStart + ", " + (inStart + len) + ") of " + inLen
                    + " -> " + out.name() + " [" + outStart + ", " + (outStart + len) + ") of " + outLen;
        }
    }

    /** {@code out} = the index along an axis of {@code len} elements, for {@code outer} rows and {@code inner} columns. */
    record Iota(Slot out, Extent outer, int len, Extent inner, Span span) implements Kernel {
        @Override
        public List<Slot> reads() {
            return List.of();
        }

        @Override
        public List<Slot> writes() {
            return List.of(out);
        }

        @Override
        public long flops(int batch) {
            return 0;
        }

        @Override
        public String describe() {
            return "iota " + len + " -> " + out.name();
        }
    }

    /**
     * An image batch to columns ({@code IM2COL}) or columns summed back into it ({@code COL2IM},
     * {@code adjoint}), with the geometry of {@code patches}; the batch is the first axis of the
     * image side.
     */
    record Patches(Slot in, Slot out, nnc.compiler.ir.Attr.Patches patches, boolean adjoint, Span span)
            implements Kernel {
        /** The image side: {@code [N, C, H, W]}. */
        public Slot image() {
            return adjoint ? out : in;
        }

        @Override
        public List<Slot> reads() {
            return List.of(in);
        }

        @Override
        public List<Slot> writes() {
            return List.of(out);
        }

        @Override
        public long flops(int batch) {
            return adjoint ? Extent.product(in.shape()).at(batch) : 0;
        }

        @Override
        public String describe() {
            return (adjoint ? "col2im " : "im2col ") + in.name() + " -> " + out.name() + " (" + patches + ")";
        }
    }
}
