package nnc.compiler.codegen;

import nnc.compiler.kernel.Extent;
import nnc.compiler.kernel.Kernel;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;

/**
 * The emitters of the sequence kernels: {@link Kernel.Window} (slice and pad: contiguous copies
 * of {@code len·inner} elements per outer row, plus zero runs for a pad) and
 * {@link Kernel.Iota}. Every inner loop is a stride-1 copy or fill without branches.
 */
final class WindowEmitters {
    private WindowEmitters() {
    }

    static void window(MethodContext c, Kernel.Window k) {
        GeneratorAdapter g = c.g;
        Type t = c.layout.value();
        int in = c.array(k.in());
        int out = c.array(k.out());
        int outer = c.intLocal(k.outer());
        int run = c.intLocal(k.inner().times(new Extent(k.len(), 0)));
        int before = c.intLocal(k.inner().times(new Extent(k.outStart(), 0)));
        int after = c.intLocal(k.inner().times(new Extent(k.outLen() - k.outStart() - k.len(), 0)));
        int inRow = c.g.newLocal(Type.INT_TYPE);
        int outRow = c.g.newLocal(Type.INT_TYPE);
        c.loop(outer, o -> {
            rowStart(c, o, k.inner().times(new Extent(k.inLen(), 0)), k.inner().times(new Extent(k.inStart(), 0)), inRow);
            rowStart(c, o, k.inner().times(new Extent(k.outLen(), 0)), Extent.ZERO, outRow);
            if (k.pads()) {
                zeros(c, out, outRow, before, t);
            }
            c.loop(run, j -> {
                g.loadLocal(out);
                g.loadLocal(outRow);
                g.loadLocal(j);
                g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
                g.loadLocal(in);
                g.loadLocal(inRow);
                g.loadLocal(j);
                g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
                c.loadElement(k.in().dtype(), t);
                c.storeElement(k.out().dtype(), t);
            });
            if (k.pads()) {
                g.loadLocal(outRow);
                g.loadLocal(run);
                g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
                g.storeLocal(outRow);
                zeros(c, out, outRow, after, t);
            }
        });
    }

    /** {@code local = o·row + offset}. */
    private static void rowStart(MethodContext c, int o, Extent row, Extent offset, int local) {
        c.index(-1, o, row);
        if (!offset.isZero()) {
            c.push(offset);
            c.g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
        }
        c.g.storeLocal(local);
    }

    /** {@code out[base + 0 .. base + count) = 0}, then {@code base += count}. */
    private static void zeros(MethodContext c, int out, int base, int count, Type t) {
        GeneratorAdapter g = c.g;
        c.loop(count, j -> {
            g.loadLocal(out);
            g.loadLocal(base);
            g.loadLocal(j);
            g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            Jvm.pushZero(g, t);
            g.arrayStore(t);
        });
        g.loadLocal(base);
        g.loadLocal(count);
        g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
        g.storeLocal(base);
    }

    static void iota(MethodContext c, Kernel.Iota k) {
        GeneratorAdapter g = c.g;
        Type t = c.layout.value();
        int out = c.array(k.out());
        int outer = c.intLocal(k.outer());
        int len = c.intLocal(new Extent(k.len(), 0));
        int inner = c.intLocal(k.inner());
        int at = g.newLocal(Type.INT_TYPE);
        int value = g.newLocal(t);
        g.push(0);
        g.storeLocal(at);
        c.loop(outer, o -> c.loop(len, j -> {
            g.loadLocal(j);
            g.cast(Type.INT_TYPE, t);
            g.storeLocal(value);
            c.loop(inner, i -> {
                g.loadLocal(out);
                g.loadLocal(at);
                g.loadLocal(value);
                c.storeElement(k.out().dtype(), t);
                g.iinc(at, 1);
            });
        }));
    }
}
