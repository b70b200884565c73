package nnc.compiler.codegen;

import java.util.List;
import nnc.compiler.kernel.Buffer;
import nnc.compiler.kernel.Kernel;
import nnc.compiler.kernel.MemoryPlan;
import nnc.compiler.kernel.Program;
import nnc.compiler.kernel.Slot;

/**
 * What the back end made of a model: the kernels of each entry method (the fused groups), the
 * floating-point work per sample, and the memory plan.
 *
 * @param programs the kernels of each entry method
 * @param plan     the buffers
 */
public record Report(List<Program> programs, MemoryPlan plan) {
    public Report {
        programs = List.copyOf(programs);
    }

    /** The program of an entry method, if the model has it. */
    public java.util.Optional<Program> program(nnc.compiler.kernel.Entry entry) {
        return programs.stream().filter(p -> p.entry() == entry).findFirst();
    }

    /** The report as text, with byte counts for instances of maximum batch {@code maxBatch}. */
    public String render(int maxBatch) {
        StringBuilder b = new StringBuilder();
        for (Program p : programs) {
            b.append(p.entry().method()).append(": ").append(p.kernels().size()).append(" kernels, ")
                    .append(p.flops(1)).append(" FLOPs per sample (batch 1), ")
                    .append(p.flops(maxBatch)).append(" at batch ").append(maxBatch).append('\n');
            for (int i = 0; i < p.kernels().size(); i++) {
                Kernel k = p.kernels().get(i);
                b.append(String.format("  %2d  line %-4d %s%n", i, k.span().line(), k.describe()));
            }
        }
        b.append("memory at max batch ").append(maxBatch).append(":\n");
        for (Buffer buf : plan.buffers()) {
            b.append(String.format("  %-8s %-6s %-4s %12s elements %,12d bytes  %s%n", buf.field(),
                    buf.role().name().toLowerCase(java.util.Locale.ROOT), buf.dtype().sourceName(), buf.size(),
                    buf.bytes(maxBatch), names(buf)));
        }
        b.append(String.format("  total %,d bytes (workspace %,d bytes; %,d without sharing)%n",
                plan.totalBytes(maxBatch), plan.workspaceBytes(maxBatch), plan.unsharedBytes(maxBatch)));
        return b.toString();
    }

    private static String names(Buffer buf) {
        return String.join(" ", buf.slots().stream().map(Slot::name).toList());
    }
}
