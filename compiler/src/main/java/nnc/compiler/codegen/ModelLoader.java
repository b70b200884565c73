package nnc.compiler.codegen;

import java.lang.reflect.InvocationTargetException;
import nnc.runtime.Model;

/**
 * Loads generated classes in-process, so tests and the command line ({@code nnc train},
 * {@code nnc bench}) can compile and run a model without writing files. Each loader holds the
 * classes it defined; the runtime comes from the loader of {@link Model}.
 */
public final class ModelLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    /** A loader whose parent sees the runtime. */
    public ModelLoader() {
        super("nnc-models", Model.class.getClassLoader());
    }

    /** Defines the class of {@code compiled}. */
    public Class<? extends Model> define(CompiledClass compiled) {
        Class<?> c = defineClass(compiled.className(), compiled.bytes(), 0, compiled.bytes().length);
        return c.asSubclass(Model.class);
    }

    /** Defines the class of {@code compiled} in a new loader and creates an instance for {@code maxBatch} rows. */
    public static Model instantiate(CompiledClass compiled, int maxBatch) {
        Class<? extends Model> c = new ModelLoader().define(compiled);
        try {
            return c.getConstructor(int.class).newInstance(maxBatch);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("generated class " + compiled.className() + " has no (int) constructor", e);
        }
    }
}
