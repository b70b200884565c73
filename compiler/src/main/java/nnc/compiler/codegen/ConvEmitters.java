package nnc.compiler.codegen;

import nnc.compiler.ir.Attr;
import nnc.compiler.kernel.Extent;
import nnc.compiler.kernel.Kernel;
import nnc.runtime.Dim;
import nnc.runtime.Patches;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

/**
 * The emitter of {@link Kernel.Patches}: a call of the runtime's {@link Patches#im2col} or
 * {@link Patches#col2im} with the kernel's arrays, the step's batch and the geometry as
 * constants. The data movement is plain Java there (contiguous copies per output row), so one
 * compiled copy serves every convolution and pooling layer of every model.
 */
final class ConvEmitters {
    private static final Type PATCHES = Type.getType(Patches.class);

    private ConvEmitters() {
    }

    static void patches(MethodContext c, Kernel.Patches k) {
        GeneratorAdapter g = c.g;
        Attr.Patches p = k.patches();
        Type array = Jvm.array(c.layout.dtype());
        g.loadLocal(c.array(k.in()));
        g.loadLocal(c.array(k.out()));
        c.push(Extent.of(k.image().shape().get(0)));
        g.push(((Dim.Fixed) k.image().shape().get(1)).size());
        for (int v : new int[] {p.h(), p.w(), p.kh(), p.kw(), p.stride(), p.padding()}) {
            g.push(v);
        }
        Type i = Type.INT_TYPE;
        g.invokeStatic(PATCHES, new Method(k.adjoint() ? "col2im" : "im2col", Type.VOID_TYPE,
                new Type[] {array, array, i, i, i, i, i, i, i, i}));
    }
}
