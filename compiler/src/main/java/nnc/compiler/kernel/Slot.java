package nnc.compiler.kernel;

import java.util.List;
import nnc.compiler.ir.Type;
import nnc.runtime.DType;
import nnc.runtime.Dim;

/**
 * A tensor value of kernel IR: one flat, row-major array's worth of data. Role slots (inputs,
 * targets, parameters, state, outputs, gradients, the loss) are the arrays the generated class
 * exposes; temporaries are placed in buffers by the {@link MemoryPlan}.
 *
 * @param id    unique within one compilation, in creation order
 * @param name  a readable name for reports and messages ({@code h1.W}, {@code %42})
 * @param type  dtype and shape
 * @param role  what the slot is
 * @param index the index within its role's list in the signature (0 for temporaries)
 */
public record Slot(int id, String name, Type type, Role role, int index) {

    /** What a slot holds, and so which array of the generated class it is. */
    public enum Role {
        INPUT, TARGET, PARAM, STATE, OUTPUT, GRAD, LOSS, TEMP;

        /** Whether the slot is one of the arrays the model exposes (not a temporary). */
        public boolean exposed() {
            return this != TEMP;
        }
    }

    /** The element type. */
    public DType dtype() {
        return type.dtype();
    }

    /** The shape. */
    public List<Dim> shape() {
        return type.shape();
    }

    /** The number of elements. */
    public Extent size() {
        return Extent.product(type.shape());
    }

    @Override
    public String toString() {
        return name + ": " + type;
    }
}
