package nnc.compiler.codegen;

import java.util.BitSet;
import java.util.List;
import nnc.compiler.kernel.Expr;
import nnc.compiler.kernel.Extent;
import nnc.compiler.kernel.Kernel;
import nnc.compiler.kernel.Out;
import nnc.compiler.kernel.SgdFusion;
import nnc.runtime.DType;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

/**
 * The epilogue of a {@link Kernel.MatMul}, one method called per finished row of C: evaluates
 * the epilogue body at each column with the product read from the accumulator row
 * ({@link Expr.Acc}), writes each result to a zero-offset staging row (so the loop vectorizes),
 * (from the work rows it is given) and moves the rows to their arrays with {@code System.arraycopy}. Body nodes that do not depend
 * on the column (per-row values) are evaluated once per row.
 */
final class EpilogueEmitter {
    private static final Type SYSTEM = Type.getType(System.class);
    private static final Method ARRAYCOPY = Method.getMethod("void arraycopy(Object, int, Object, int, int)");

    private final MethodContext c;
    private final Kernel.MatMul k;
    private final Type t;
    private final Type row;

    private EpilogueEmitter(MethodContext c, Kernel.MatMul k) {
        this.c = c;
        this.k = k;
        this.t = c.layout.value();
        this.row = Jvm.array(c.layout.dtype());
    }

    /** The descriptor: {@code (n, batch index, row, accumulator row, work rows)}. */
    static String descriptor(DType dtype) {
        return "(III" + Jvm.array(dtype).getDescriptor() + Jvm.rows(dtype).getDescriptor() + ")V";
    }

    /**
     * The first work row an epilogue stages its results in (one per result); the rows after
     * those hold copies of the rows its loads read (one per load), so the loop reads them at
     * offset 0 like everything else and vectorizes.
     */
    static final int STAGE = ClassLayout.ROWS + BlockEmitter.MAX_UNROLL;

    /** The work rows the epilogue of {@code k} uses after {@link #STAGE}. */
    static int workRows(Kernel.MatMul k) {
        return k.outs().size() + k.epilogue().loads().size();
    }

    /** The epilogue method of {@code k}. */
    static void emit(MethodContext c, Kernel.MatMul k) {
        new EpilogueEmitter(c, k).emit();
    }

    /** Arguments: 0 = n, 1 = batch index, 2 = row, 3 = accumulator row, 4 = work rows. */
    private void emit() {
        GeneratorAdapter g = c.g;
        int rank = k.domain().size();
        int n = c.intLocal(Extent.of(k.n()));
        int m = c.intLocal(Extent.of(k.m()));
        if (c.layout.vector()) {
            SgdFusion.plainUpdate(k).ifPresent(p -> VectorKernels.sgdRow(c, c.array(p), m, n));
        }
        List<Expr.Load> loads = k.epilogue().loads();
        int[] arrays = new int[loads.size()];
        int[] bases = new int[loads.size()];
        for (int l = 0; l < loads.size(); l++) {
            Expr.Load load = loads.get(l);
            arrays[l] = c.array(load.slot());
            bases[l] = g.newLocal(Type.INT_TYPE);
            g.loadArg(2);
            pushTimes(load.stride(rank - 2));
            if (rank == 3) {
                g.loadArg(1);
                pushTimes(load.stride(0));
                g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            }
            g.storeLocal(bases[l]);
            if (load.stride(rank - 1).isOne() && !load.stride(rank - 2).isZero()) {
                int copy = g.newLocal(row);
                g.loadArg(4);
                g.push(STAGE + k.outs().size() + l);
                g.arrayLoad(row);
                g.storeLocal(copy);
                g.loadLocal(arrays[l]);
                g.loadLocal(bases[l]);
                g.loadLocal(copy);
                g.push(0);
                g.loadLocal(n);
                g.invokeStatic(SYSTEM, ARRAYCOPY);
                arrays[l] = copy;
                bases[l] = -1;
            }
        }
        BodyEmitter be = new BodyEmitter(c, k.epilogue(), t);
        BitSet inv = be.invariant(node -> !strideOf(node, rank - 1).isZero(), true);
        be.emit(inv, site(arrays, bases, -1));
        BitSet rest = be.all();
        rest.andNot(inv);
        int[] rows = stageRows();
        c.loop(n, j -> {
            be.emit(rest, site(arrays, bases, j));
            for (int o = 0; o < k.outs().size(); o++) {
                Out out = k.outs().get(o);
                if (!isAcc(out)) {
                    g.loadLocal(rows[o]);
                    g.loadLocal(j);
                    g.loadLocal(be.local(out.expr()));
                    g.arrayStore(t);
                }
            }
        });
        for (int o = 0; o < k.outs().size(); o++) {
            Out out = k.outs().get(o);
            if (isAcc(out)) {
                g.loadArg(3);
            } else {
                g.loadLocal(rows[o]);
            }
            g.push(0);
            g.loadLocal(c.array(out.slot()));
            pushRowStart(c, m, n);
            g.loadLocal(n);
            g.invokeStatic(SYSTEM, ARRAYCOPY);
        }
    }

    /**
     * In an epilogue method {@code (n, batch, row, …)}: pushes the index of the row's first
     * element in C, {@code (batch·m + row)·n}, with {@code m} and {@code n} in locals.
     */
    static void pushRowStart(MethodContext c, int m, int n) {
        GeneratorAdapter g = c.g;
        g.loadArg(1);
        g.loadLocal(m);
        g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
        g.loadArg(2);
        g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
        g.loadLocal(n);
        g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
    }

    private int[] stageRows() {
        int[] rows = new int[k.outs().size()];
        for (int o = 0; o < rows.length; o++) {
            rows[o] = c.g.newLocal(row);
            c.g.loadArg(4);
            c.g.push(STAGE + o);
            c.g.arrayLoad(row);
            c.g.storeLocal(rows[o]);
        }
        return rows;
    }

    private boolean isAcc(Out out) {
        return k.epilogue().node(out.expr()) instanceof Expr.Acc;
    }

    private void pushTimes(Extent stride) {
        if (stride.isZero()) {
            c.g.pop();
            c.g.push(0);
        } else if (!stride.isOne()) {
            c.push(stride);
            c.g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
        }
    }

    private Extent strideOf(int node, int axis) {
        return ((Expr.Load) k.epilogue().node(node)).stride(axis);
    }

    private BodyEmitter.Site site(int[] arrays, int[] bases, int j) {
        List<Expr.Load> loads = k.epilogue().loads();
        int rank = k.domain().size();
        return new BodyEmitter.Site() {
            @Override
            public void pushLoad(int node, Expr.Load load) {
                int l = loads.indexOf(load);
                c.g.loadLocal(arrays[l]);
                c.index(bases[l], j, j < 0 ? Extent.ZERO : load.stride(rank - 1));
            }

            @Override
            public void pushAcc() {
                c.g.loadArg(3);
                c.g.loadLocal(j);
                c.g.arrayLoad(t);
            }
        };
    }

}
