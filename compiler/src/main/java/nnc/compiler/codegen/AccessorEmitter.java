package nnc.compiler.codegen;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import nnc.compiler.kernel.Buffer;
import nnc.compiler.kernel.Slot;
import nnc.compiler.kernel.SlotTable;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;
import org.objectweb.asm.commons.TableSwitchGenerator;

/**
 * Emits the array accessors of {@link nnc.runtime.Model} ({@code input(i)}, {@code param(i)},
 * {@code setParam(i, a)}, …) and the typed accessors named after each tensor ({@code x()},
 * {@code probs()}, {@code h1_W()}, {@code h1_W_grad()}).
 */
final class AccessorEmitter {
    private static final Type OBJECT = Type.getType(Object.class);
    /** Names a typed accessor must not take: methods of Model, CompiledModel and Object, and keywords. */
    private static final Set<String> RESERVED = Set.of("signature", "maxBatch", "infer", "evaluate",
            "trainStep", "loss", "input", "target", "output", "param", "grad", "state", "setParam",
            "setSeed", "randomStep", "randomKey", "advanceStep", "checkBatch", "checkParam", "checkIndex", "unsupported", "badLabel",
            "setThreads", "threads", "setMinParallelWork", "workerThreadIds", "close", "parallel", "runPart",
            "allocateParts", "split", "perPart", "getClass",
            "hashCode", "equals", "toString", "notify", "notifyAll", "wait", "clone", "finalize",
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
            "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
            "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
            "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
            "volatile", "while", "true", "false", "null", "var", "record", "yield", "sealed", "permits");

    private final ClassVisitor cv;
    private final ClassLayout layout;
    private final SlotTable slots;

    AccessorEmitter(ClassVisitor cv, ClassLayout layout, SlotTable slots) {
        this.cv = cv;
        this.layout = layout;
        this.slots = slots;
    }

    void emit() {
        indexed("input", "input", slots.inputs());
        indexed("target", "target", slots.targets());
        indexed("output", "output", slots.outputs());
        indexed("param", "parameter", slots.params());
        indexed("grad", "gradient", slots.grads());
        indexed("state", "state tensor", slots.states());
        setParam();
        typed();
    }

    /** The Java name of the typed accessor of a tensor: {@code h1.W} becomes {@code h1_W}. */
    static String javaName(String tensor) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < tensor.length(); i++) {
            char ch = tensor.charAt(i);
            b.append(Character.isJavaIdentifierPart(ch) && ch != '$' ? ch : '_');
        }
        if (b.length() == 0 || !Character.isJavaIdentifierStart(b.charAt(0))) {
            b.insert(0, '_');
        }
        String name = b.toString();
        return RESERVED.contains(name) ? name + "_" : name;
    }

    private void indexed(String method, String what, List<Slot> list) {
        GeneratorAdapter g = method(Opcodes.ACC_PUBLIC, "Object " + method + "(int)");
        g.loadThis();
        g.push(what);
        g.loadArg(0);
        g.push(list.size());
        g.invokeVirtual(layout.owner(), Method.getMethod("int checkIndex(String, int, int)"));
        int[] keys = new int[list.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = i;
        }
        if (keys.length == 0) {
            g.visitInsn(Opcodes.ACONST_NULL);
            g.returnValue();
        } else {
            g.tableSwitch(keys, new TableSwitchGenerator() {
                @Override
                public void generateCase(int key, Label end) {
                    getField(g, list.get(key));
                    g.returnValue();
                }

                @Override
                public void generateDefault() {
                    g.visitInsn(Opcodes.ACONST_NULL);
                    g.returnValue();
                }
            });
        }
        g.endMethod();
    }

    private void setParam() {
        GeneratorAdapter g = method(Opcodes.ACC_PUBLIC, "void setParam(int, Object)");
        List<Slot> params = slots.params();
        g.loadThis();
        g.loadArg(0);
        g.loadArg(1);
        g.invokeVirtual(layout.owner(), Method.getMethod("Object checkParam(int, Object)"));
        int array = g.newLocal(OBJECT);
        g.storeLocal(array);
        int[] keys = new int[params.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = i;
        }
        if (keys.length > 0) {
            g.loadArg(0);
            g.tableSwitch(keys, new TableSwitchGenerator() {
                @Override
                public void generateCase(int key, Label end) {
                    Buffer b = layout.plan().of(params.get(key));
                    g.loadThis();
                    g.loadLocal(array);
                    g.checkCast(Jvm.array(b.dtype()));
                    g.putField(layout.owner(), b.field(), Jvm.array(b.dtype()));
                    g.goTo(end);
                }

                @Override
                public void generateDefault() {
                    // checkParam has rejected every other index
                }
            });
        }
        g.returnValue();
        g.endMethod();
    }

    private void typed() {
        Set<String> taken = new HashSet<>();
        List<Slot> exposed = new ArrayList<>();
        exposed.addAll(slots.inputs());
        exposed.addAll(slots.targets());
        exposed.addAll(slots.outputs());
        exposed.addAll(slots.params());
        exposed.addAll(slots.states());
        for (Slot s : exposed) {
            accessor(javaName(s.name()), s, taken);
        }
        for (Slot s : slots.grads()) {
            accessor(javaName(s.name()) + "_grad", s, taken);
        }
    }

    private void accessor(String name, Slot s, Set<String> taken) {
        String unique = name;
        for (int k = 2; !taken.add(unique); k++) {
            unique = name + k;
        }
        Type array = Jvm.array(s.dtype());
        GeneratorAdapter g = new GeneratorAdapter(Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL,
                new Method(unique, array, new Type[0]), null, null, cv);
        g.visitCode();
        getField(g, s);
        g.returnValue();
        g.endMethod();
    }

    private void getField(GeneratorAdapter g, Slot s) {
        Buffer b = layout.plan().of(s);
        g.loadThis();
        g.getField(layout.owner(), b.field(), Jvm.array(b.dtype()));
    }

    private GeneratorAdapter method(int access, String signature) {
        GeneratorAdapter g = new GeneratorAdapter(access, Method.getMethod(signature), null, null, cv);
        g.visitCode();
        return g;
    }
}
