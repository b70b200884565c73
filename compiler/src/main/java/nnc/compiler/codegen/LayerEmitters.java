package nnc.compiler.codegen;

import nnc.compiler.kernel.Kernel;
import nnc.runtime.RandomStream;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

/** The emitters of the layers' kernels: random numbers. */
final class LayerEmitters {
    private static final Type STREAM = Type.getType(RandomStream.class);

    private LayerEmitters() {
    }

    /**
     * {@code key = randomKey(stream); for i: out[i] = uniform(key, i)}, the interpreter's
     * formula; {@code uniform} is a small static method C2 inlines, so the loop allocates nothing.
     */
    static void random(MethodContext c, Kernel.Random k) {
        GeneratorAdapter g = c.g;
        int out = c.array(k.out());
        int size = c.intLocal(k.out().size());
        int key = g.newLocal(Type.LONG_TYPE);
        g.loadThis();
        g.push(k.stream());
        g.invokeVirtual(c.layout.owner(), Method.getMethod("long randomKey(long)"));
        g.storeLocal(key);
        c.loop(size, i -> {
            g.loadLocal(out);
            g.loadLocal(i);
            g.loadLocal(key);
            g.loadLocal(i);
            g.cast(Type.INT_TYPE, Type.LONG_TYPE);
            g.invokeStatic(STREAM, Method.getMethod("double uniform(long, long)"));
            c.storeElement(k.out().dtype(), Type.DOUBLE_TYPE);
        });
    }
}
