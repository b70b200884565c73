package nnc.compiler.kernel;

import java.util.List;
import nnc.runtime.DType;

/**
 * One array of a generated model: an exposed tensor, or a workspace array that several
 * temporaries with disjoint lifetimes share. Each buffer is its own Java array: C2 vectorizes a
 * loop only when it can prove its array accesses do not overlap, and it cannot for two row
 * ranges of one array at unrelated offsets (see {@code nnc.compiler.codegen} package docs).
 *
 * @param id    index in the plan
 * @param field the name of the field that holds the array
 * @param dtype the element type
 * @param size  the number of elements, for the instance's maximum batch
 * @param role  the role of the slots it holds ({@link Slot.Role#TEMP} for workspace)
 * @param slots the slots it holds
 */
public record Buffer(int id, String field, DType dtype, Extent size, Slot.Role role, List<Slot> slots) {
    public Buffer {
        slots = List.copyOf(slots);
    }

    /** Bytes held for an instance of maximum batch {@code maxBatch}. */
    public long bytes(int maxBatch) {
        return size.at(maxBatch) * dtype.bytes();
    }
}
