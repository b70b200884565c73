package nnc.compiler.codegen;

import java.util.LinkedHashMap;
import java.util.Map;
import nnc.compiler.kernel.Buffer;
import nnc.compiler.kernel.Extent;
import nnc.compiler.kernel.MemoryPlan;
import nnc.compiler.kernel.Slot;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;

/**
 * One kernel method being generated: its {@link GeneratorAdapter}, the step's batch size
 * {@code n} (argument 0), and the arrays it uses, loaded from fields into locals once at the
 * start so loops see plain locals.
 */
final class MethodContext {
    final GeneratorAdapter g;
    final ClassLayout layout;
    private final MemoryPlan plan;
    private final Map<Buffer, Integer> arrays = new LinkedHashMap<>();
    private final int nArg;

    MethodContext(GeneratorAdapter g, ClassLayout layout, int nArg) {
        this.g = g;
        this.layout = layout;
        this.plan = layout.plan();
        this.nArg = nArg;
    }

    /** Starts the code and maps it to a source line. */
    void begin(int line) {
        g.visitCode();
        Label start = g.mark();
        if (line > 0) {
            g.visitLineNumber(line, start);
        }
    }

    /** The local holding the array of {@code slot}, loading the field on first use. */
    int array(Slot slot) {
        Buffer b = plan.of(slot);
        return arrays.computeIfAbsent(b, k -> {
            int local = g.newLocal(Jvm.array(k.dtype()));
            g.loadThis();
            g.getField(layout.owner(), k.field(), Jvm.array(k.dtype()));
            g.storeLocal(local);
            return local;
        });
    }

    /** A local holding a scratch field (array of rows). */
    int scratch(String field, Type type) {
        int local = g.newLocal(type);
        g.loadThis();
        g.getField(layout.owner(), field, type);
        g.storeLocal(local);
        return local;
    }

    /** Pushes the step's batch size. */
    void loadN() {
        g.loadArg(nArg);
    }

    /** Pushes the value of {@code e} for this step as an int. */
    void push(Extent e) {
        g.push(Math.toIntExact(e.coeff()));
        for (int i = 0; i < e.batchPower(); i++) {
            loadN();
            g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
        }
    }

    /** A new int local initialized to the value of {@code e}. */
    int intLocal(Extent e) {
        int local = g.newLocal(Type.INT_TYPE);
        push(e);
        g.storeLocal(local);
        return local;
    }

    /** Emits {@code for (i = 0; i < bound; i++) body}, with {@code i} in the local passed to body. */
    void loop(int boundLocal, java.util.function.IntConsumer body) {
        loop(-1, boundLocal, body);
    }

    /** Emits {@code for (i = from; i < bound; i++) body}; {@code fromLocal} -1 starts at 0. */
    void loop(int fromLocal, int boundLocal, java.util.function.IntConsumer body) {
        int i = g.newLocal(Type.INT_TYPE);
        if (fromLocal < 0) {
            g.push(0);
        } else {
            g.loadLocal(fromLocal);
        }
        g.storeLocal(i);
        Label head = g.mark();
        Label end = new Label();
        g.loadLocal(i);
        g.loadLocal(boundLocal);
        g.ifICmp(GeneratorAdapter.GE, end);
        body.accept(i);
        g.iinc(i, 1);
        g.goTo(head);
        g.mark(end);
    }

    /** Pushes {@code base + i·stride} (base -1 for 0), skipping what is zero or one. */
    void index(int base, int i, Extent stride) {
        boolean pushed = false;
        if (base >= 0) {
            g.loadLocal(base);
            pushed = true;
        }
        if (!stride.isZero()) {
            g.loadLocal(i);
            if (!stride.isOne()) {
                push(stride);
                g.math(GeneratorAdapter.MUL, Type.INT_TYPE);
            }
            if (pushed) {
                g.math(GeneratorAdapter.ADD, Type.INT_TYPE);
            }
            pushed = true;
        }
        if (!pushed) {
            g.push(0);
        }
    }

    /** Loads an element of a {@code dtype} array (array and index on the stack) as the value type {@code t}. */
    void loadElement(nnc.runtime.DType dtype, Type t) {
        Type e = Jvm.element(dtype);
        g.arrayLoad(e);
        if (!e.equals(t)) {
            g.cast(e, t);
        }
    }

    /** Stores a value of type {@code t} (array, index, value on the stack) into a {@code dtype} array. */
    void storeElement(nnc.runtime.DType dtype, Type t) {
        Type e = Jvm.element(dtype);
        if (!e.equals(t)) {
            g.cast(t, e);
        }
        g.arrayStore(e);
    }

    /** Ends the method. */
    void end() {
        g.returnValue();
        g.endMethod();
    }

    static int opcodeCmp(Type t) {
        return t.equals(Type.FLOAT_TYPE) ? Opcodes.FCMPL : Opcodes.DCMPL;
    }
}
