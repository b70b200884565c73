package nnc.compiler.codegen;

import java.util.List;
import nnc.runtime.DType;
import nnc.runtime.Dim;
import nnc.runtime.Signature;
import nnc.runtime.TensorSpec;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

/** Emits the static {@code SIGNATURE} field and the {@code <clinit>} that builds it. */
final class SignatureEmitter {
    static final String FIELD = "SIGNATURE";
    static final Type SIGNATURE = Type.getType(Signature.class);
    private static final Type SPEC = Type.getType(TensorSpec.class);
    private static final Type DTYPE = Type.getType(DType.class);
    private static final Type DIM = Type.getType(Dim.class);
    private static final Type LIST = Type.getType(List.class);
    private static final Type OBJECT = Type.getType(Object.class);

    private SignatureEmitter() {
    }

    static void emit(ClassVisitor cv, Type owner, Signature sig) {
        emit(cv, owner, sig, g -> { });
    }

    /** As {@link #emit(ClassVisitor, Type, Signature)}, with {@code more} static initialization after the signature's. */
    static void emit(ClassVisitor cv, Type owner, Signature sig, java.util.function.Consumer<GeneratorAdapter> more) {
        cv.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, FIELD,
                SIGNATURE.getDescriptor(), null, null).visitEnd();
        Method clinit = Method.getMethod("void <clinit>()");
        GeneratorAdapter g = new GeneratorAdapter(Opcodes.ACC_STATIC, clinit, null, null, cv);
        g.visitCode();
        g.newInstance(SIGNATURE);
        g.dup();
        g.push(sig.modelName());
        dtype(g, sig.dtype());
        for (List<TensorSpec> specs : List.of(sig.inputs(), sig.targets(), sig.outputs(), sig.params(), sig.state())) {
            list(g, specs.size(), i -> spec(g, specs.get(i)));
        }
        g.invokeConstructor(SIGNATURE, new Method("<init>", Type.VOID_TYPE,
                new Type[] {Type.getType(String.class), DTYPE, LIST, LIST, LIST, LIST, LIST}));
        g.putStatic(owner, FIELD, SIGNATURE);
        more.accept(g);
        g.returnValue();
        g.endMethod();
    }

    private static void spec(GeneratorAdapter g, TensorSpec s) {
        g.newInstance(SPEC);
        g.dup();
        g.push(s.name());
        dtype(g, s.dtype());
        list(g, s.shape().size(), i -> {
            Dim d = s.shape().get(i);
            if (d instanceof Dim.Fixed f) {
                g.push(f.size());
                g.visitMethodInsn(Opcodes.INVOKESTATIC, DIM.getInternalName(), "of", "(I)" + DIM.getDescriptor(), true);
            } else {
                g.push(d.toString());
                g.visitMethodInsn(Opcodes.INVOKESTATIC, DIM.getInternalName(), "of",
                        "(Ljava/lang/String;)" + DIM.getDescriptor(), true);
            }
        });
        g.invokeConstructor(SPEC, new Method("<init>", Type.VOID_TYPE,
                new Type[] {Type.getType(String.class), DTYPE, LIST}));
    }

    private static void dtype(GeneratorAdapter g, DType d) {
        g.getStatic(DTYPE, d.name(), DTYPE);
    }

    /** Pushes {@code List.of(e_0, …, e_{n-1})}. */
    private static void list(GeneratorAdapter g, int size, java.util.function.IntConsumer element) {
        g.push(size);
        g.newArray(OBJECT);
        for (int i = 0; i < size; i++) {
            g.dup();
            g.push(i);
            element.accept(i);
            g.arrayStore(OBJECT);
        }
        g.visitMethodInsn(Opcodes.INVOKESTATIC, LIST.getInternalName(), "of",
                "([Ljava/lang/Object;)Ljava/util/List;", true);
    }
}
