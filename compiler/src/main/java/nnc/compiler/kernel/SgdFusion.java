package nnc.compiler.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import nnc.compiler.ir.Attr;
import nnc.compiler.ir.Op;
import nnc.compiler.source.Span;
import nnc.runtime.Dim;

/**
 * The program of {@code trainStepSgd(n, lr, weightDecay)}: the training step with plain SGD
 * applied inside it, {@code θ ← θ - lr·(g + weightDecay·θ)} for every parameter (the update of
 * {@code torch.optim.SGD} without momentum, evaluated in the same order, so the same bits as
 * {@code trainStep} followed by the runtime's SGD step).
 *
 * <p>Where one matmul or elementwise kernel computes a parameter's gradient and no later kernel
 * reads the parameter or the gradient, the update can join that kernel's epilogue: the kernel
 * writes the new parameter instead of the gradient, so the gradient never goes through memory
 * (and its array is not written). At
 * batch 1 a weight's gradient is as large as the weight, and writing it then reading it back for
 * the update is most of a step's memory traffic. Any other parameter keeps the kernel that writes
 * its gradient, and an elementwise kernel at the end of the program applies the update.
 *
 * <p>Kernels the pass leaves alone are the {@code trainStep} program's own objects, at the same
 * positions, so the back end calls their methods instead of generating them again.
 */
public final class SgdFusion {
    /** The learning rate's {@link Expr.Hyper} name. */
    public static final String LR = "lr";
    /** The weight decay's {@link Expr.Hyper} name. */
    public static final String WEIGHT_DECAY = "weight_decay";

    private SgdFusion() {
    }

    /**
     * The {@link Entry#TRAIN_SGD} program of a model whose {@link Entry#TRAIN} program is
     * {@code train}; with {@code intoKernels} false every update is a kernel at the end (for a
     * back end whose epilogues would run the update slower than a separate pass).
     */
    public static Program program(Program train, SlotTable slots, boolean intoKernels) {
        List<Kernel> kernels = new ArrayList<>(train.kernels());
        List<Kernel> tail = new ArrayList<>();
        for (int i = 0; i < slots.params().size(); i++) {
            Slot p = slots.params().get(i);
            Slot g = slots.grads().get(i);
            int w = intoKernels ? fusableWriter(kernels, p, g) : -1;
            if (w >= 0) {
                kernels.set(w, fuse(kernels.get(w), p, g));
            } else {
                tail.add(update(p, g, spanOf(kernels, g)));
            }
        }
        kernels.addAll(tail);
        return new Program(Entry.TRAIN_SGD, kernels);
    }

    /**
     * The parameter {@code k} updates when its epilogue is nothing but the update this pass makes
     * of a bare product ({@code θ - lr·(acc + weightDecay·θ)}): a back end may run that as one
     * in-place loop over each row of the parameter.
     */
    public static Optional<Slot> plainUpdate(Kernel.MatMul k) {
        if (k.outs().size() != 1 || k.outs().get(0).slot().role() != Slot.Role.PARAM) {
            return Optional.empty();
        }
        Slot p = k.outs().get(0).slot();
        List<Expr> expected = new ArrayList<>(List.of(new Expr.Acc()));
        int result = updated(expected, k.domain(), p, 0);
        return expected.equals(k.epilogue().nodes()) && k.outs().get(0).expr() == result ? Optional.of(p) : Optional.empty();
    }

    /**
     * The index of the kernel whose epilogue can take {@code p}'s update, or -1: the only kernel
     * writing {@code g}, a matmul or elementwise kernel over exactly {@code p}'s elements that
     * reads {@code p} at most at the element it writes, with no later kernel reading {@code p}
     * or {@code g}.
     */
    private static int fusableWriter(List<Kernel> kernels, Slot p, Slot g) {
        int[] writers = IntStream.range(0, kernels.size()).filter(i -> kernels.get(i).writes().contains(g)).toArray();
        if (writers.length != 1) {
            return -1;
        }
        int w = writers[0];
        Kernel k = kernels.get(w);
        if (!(k instanceof Kernel.MatMul || k instanceof Kernel.Elementwise) || !readsAtMostItsOwnElement(k, p)
                || !Extent.product(domain(k)).equals(p.size())) {
            return -1;
        }
        for (int j = w + 1; j < kernels.size(); j++) {
            List<Slot> reads = kernels.get(j).reads();
            if (reads.contains(p) || reads.contains(g)) {
                return -1;
            }
        }
        return w;
    }

    /**
     * Whether {@code k} reads {@code p} only at the element it writes (as an L2 penalty's
     * gradient {@code acc + c·θ} does): then each element is read before it is overwritten.
     */
    private static boolean readsAtMostItsOwnElement(Kernel k, Slot p) {
        Body body;
        if (k instanceof Kernel.MatMul m) {
            if (m.a().equals(p) || m.b().equals(p)) {
                return false;
            }
            body = m.epilogue();
        } else {
            body = ((Kernel.Elementwise) k).body();
        }
        List<Integer> identity = IntStream.range(0, domain(k).size()).boxed().toList();
        return body.loads().stream().filter(l -> l.slot().equals(p))
                .allMatch(l -> l.view().equals(domain(k)) && l.axisMap().equals(identity));
    }

    private static List<Dim> domain(Kernel k) {
        return k instanceof Kernel.MatMul m ? m.domain() : ((Kernel.Elementwise) k).domain();
    }

    /** {@code k} writing {@code p}'s new value where it wrote {@code g}. */
    private static Kernel fuse(Kernel k, Slot p, Slot g) {
        if (k instanceof Kernel.MatMul m) {
            List<Expr> nodes = new ArrayList<>(m.epilogue().nodes());
            List<Out> outs = replaceOut(m.outs(), nodes, m.domain(), p, g);
            return new Kernel.MatMul(m.a(), m.transA(), m.b(), m.transB(), m.k(), m.domain(), new Body(nodes), outs,
                    m.span());
        }
        Kernel.Elementwise e = (Kernel.Elementwise) k;
        List<Expr> nodes = new ArrayList<>(e.body().nodes());
        List<Out> outs = replaceOut(e.outs(), nodes, e.domain(), p, g);
        return new Kernel.Elementwise(e.domain(), new Body(nodes), outs, e.span());
    }

    private static List<Out> replaceOut(List<Out> outs, List<Expr> nodes, List<Dim> domain, Slot p, Slot g) {
        List<Out> result = new ArrayList<>();
        for (Out o : outs) {
            result.add(o.slot().equals(g) ? new Out(p, updated(nodes, domain, p, o.expr())) : o);
        }
        return result;
    }

    /** Appends {@code θ - lr·(grad + weightDecay·θ)} to {@code nodes}; returns its index. */
    private static int updated(List<Expr> nodes, List<Dim> domain, Slot p, int grad) {
        int theta = add(nodes, new Expr.Load(p, domain, IntStream.range(0, domain.size()).boxed().toList()));
        int lr = add(nodes, new Expr.Hyper(LR));
        int wd = add(nodes, new Expr.Hyper(WEIGHT_DECAY));
        int decay = add(nodes, apply(Op.MUL, wd, theta));
        int sum = add(nodes, apply(Op.ADD, grad, decay));
        int step = add(nodes, apply(Op.MUL, lr, sum));
        return add(nodes, apply(Op.SUB, theta, step));
    }

    /** The elementwise kernel {@code p ← p - lr·(g + weightDecay·p)}. */
    private static Kernel update(Slot p, Slot g, Span span) {
        List<Dim> shape = p.shape();
        List<Integer> identity = IntStream.range(0, shape.size()).boxed().toList();
        List<Expr> nodes = new ArrayList<>();
        int grad = add(nodes, new Expr.Load(g, shape, identity));
        int result = updated(nodes, shape, p, grad);
        return new Kernel.Elementwise(shape, new Body(nodes), List.of(new Out(p, result)), span);
    }

    /** The span of the kernel writing {@code g}, else of the program's last kernel. */
    private static Span spanOf(List<Kernel> kernels, Slot g) {
        return kernels.stream().filter(k -> k.writes().contains(g)).reduce((a, b) -> b)
                .orElse(kernels.get(kernels.size() - 1)).span();
    }

    private static Expr apply(Op op, int a, int b) {
        return new Expr.Apply(op, Attr.NONE, List.of(a, b));
    }

    private static int add(List<Expr> nodes, Expr e) {
        nodes.add(e);
        return nodes.size() - 1;
    }
}
