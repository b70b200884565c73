package nnc.compiler.codegen;

import nnc.compiler.kernel.Kernel;
import org.objectweb.asm.Label;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

/**
 * The emitter of {@link Kernel.Gather}: embedding lookups and their gradient. A gather copies
 * one table row per index with {@code System.arraycopy}; a scatter-add zeroes the table, then
 * adds each row into the row its index names with a stride-1 loop. Every index is checked
 * first, so a bad token fails with a message that names the tensor, the position and the value.
 */
final class GatherEmitters {
    private static final Type SYSTEM = Type.getType(System.class);
    private static final Method ARRAYCOPY = Method.getMethod("void arraycopy(Object, int, Object, int, int)");

    private GatherEmitters() {
    }

    static void gather(MethodContext c, Kernel.Gather k) {
        GeneratorAdapter g = c.g;
        Type t = c.layout.value();
        if (k.scatter()) {
            LoopNest.fill(c, k.out(), 0.0);
        }
        int source = c.array(k.source());
        int indices = c.array(k.indices());
        int out = c.array(k.out());
        int count = c.intLocal(k.indices().size());
        int row = g.newLocal(Type.INT_TYPE);
        int width = g.newLocal(Type.INT_TYPE);
        g.push(k.width());
        g.storeLocal(width);
        c.loop(count, i -> {
            checkedIndex(c, k, indices, i, row);
            if (!k.scatter()) {
                g.loadLocal(source);
                g.loadLocal(row);
                g.loadLocal(width);
                g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
                g.loadLocal(out);
                g.loadLocal(i);
                g.loadLocal(width);
                g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
                g.loadLocal(width);
                g.invokeStatic(SYSTEM, ARRAYCOPY);
                return;
            }
            int to = g.newLocal(Type.INT_TYPE);
            int from = g.newLocal(Type.INT_TYPE);
            g.loadLocal(row);
            g.loadLocal(width);
            g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
            g.storeLocal(to);
            g.loadLocal(i);
            g.loadLocal(width);
            g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
            g.storeLocal(from);
            c.loop(width, j -> {
                g.loadLocal(out);
                g.loadLocal(to);
                g.loadLocal(j);
                g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
                g.dup2();
                g.arrayLoad(t);
                g.loadLocal(source);
                g.loadLocal(from);
                g.loadLocal(j);
                g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
                g.arrayLoad(t);
                g.math(GeneratorAdapter.ADD, t);
                g.arrayStore(t);
            });
        });
    }

    /** {@code row = indices[i]}, or the runtime's bad-index exception when it is not a row of the table. */
    private static void checkedIndex(MethodContext c, Kernel.Gather k, int indices, int i, int row) {
        GeneratorAdapter g = c.g;
        g.loadLocal(indices);
        g.loadLocal(i);
        g.arrayLoad(Type.INT_TYPE);
        g.storeLocal(row);
        Label bad = new Label();
        Label ok = new Label();
        g.loadLocal(row);
        g.ifZCmp(GeneratorAdapter.LT, bad);
        g.loadLocal(row);
        g.push(k.rows());
        g.ifICmp(GeneratorAdapter.LT, ok);
        g.mark(bad);
        g.loadThis();
        g.push(k.indices().name());
        g.loadLocal(i);
        g.loadLocal(row);
        g.push(k.rows());
        g.invokeVirtual(c.layout.owner(), Method.getMethod(
                "nnc.runtime.NncRuntimeException badIndex(String, int, int, int)"));
        g.throwException();
        g.mark(ok);
    }
}
