/**
 * Optimizers that match {@code torch.optim} (PyTorch 2.x) update equations, defaults and edge
 * cases, and gradient clipping as {@code torch.nn.utils.clip_grad_norm_} / {@code clip_grad_value_}.
 *
 * <p>Entry points: {@link nnc.runtime.optim.Optimizers#create} (by name and hyperparameter map, as
 * the command line gives them) or a config record ({@link nnc.runtime.optim.SgdConfig},
 * {@link nnc.runtime.optim.AdagradConfig}, {@link nnc.runtime.optim.RmsPropConfig},
 * {@link nnc.runtime.optim.AdamConfig} for Adam and AdamW, {@link nnc.runtime.optim.NAdamConfig})
 * and its {@code create(Signature)}; then {@link nnc.runtime.optim.Optimizer#step(nnc.runtime.Model)}
 * after each training step.
 *
 * <h2>One optimizer for f32 and f64: shared coefficients, twin inner loops</h2>
 *
 * A model is compiled for f32 or f64, so its parameters are {@code float[]} or {@code double[]}.
 * Java has no generics over primitives, and the alternatives each cost something we measured or
 * rejected: an accessor interface ({@code get(i)/set(i, v)}) makes the loop body a megamorphic call
 * that C2 neither inlines reliably nor vectorizes; converting f32 chunks into a double scratch
 * buffer and back adds two passes over memory and computes differently from PyTorch, which does
 * f32 arithmetic for f32 tensors. So each optimizer keeps everything that is not the inner loop in
 * one place — hyperparameters and their validation, the step counter, bias corrections and other
 * per-step scalars ({@code prepare(t)}, computed once in double precision as PyTorch does in
 * Python), state allocation, naming and checkpoint export — and writes only the element loop
 * twice, side by side, 6 to 12 lines each. The loops are branch-free or branch only on
 * loop-invariant flags, use only {@code [j]} indexing, and take coefficients pre-cast to
 * {@code float} in the f32 path (no float/double conversions inside the loop), which is what
 * SuperWord needs to vectorize them.
 *
 * <p>Measured on the project machine (JDK 17.0.15, AVX-512, 2 shared cores; one 1M-element
 * parameter, median of 200 steps after 100 of warm-up; {@code OptimizerThroughput} in the test
 * sources reproduces it), in ns per element and step:
 * <pre>
 *                 f32    f32 -UseSuperWord    f64    f64 -UseSuperWord
 * sgd momentum   0.16         1.18           0.61         1.13
 * adam           0.40         7.21           1.01         9.89
 * nadam          0.28         8.79           0.84        11.03
 * rmsprop        0.14         2.42           0.64         5.86
 * adagrad        0.17         2.25           0.63         6.54
 * </pre>
 * Turning SuperWord off makes the f32 loops 7–30× slower, so they are vectorized (sqrt and
 * division included); f64 at this size is bound by memory bandwidth (4–5 arrays of 8 MB).
 *
 * <h2>One pass per element</h2>
 *
 * Each optimizer's update is one loop per parameter that reads θ, g and the state once and
 * writes θ and the state once: weight decay (L2 or decoupled), momentum, both moments, AMSGrad's
 * maximum and the bias corrections are folded into that loop, the bias corrections and decays as
 * per-step scalars. Adam without AMSGrad has a loop of its own that does not touch the maximum
 * (it used to store v twice through an aliased maximum array; removing that changed nothing
 * measurable on W1, the loop was vectorized either way). So Adam
 * moves 28 bytes per f32 element and step (read θ, g, m, v; write θ, m, v), the least its
 * equations allow. Measured with {@code nnc.bench.OptimizerBenchmark} (JMH, 2 forks × 5 s) on W1's
 * 235 146 parameters: Adam 55–61 µs per step (≈ 110 GB/s: bound by cache bandwidth, not by
 * arithmetic), SGD 24 µs, against 950–1 200 µs for the whole W1 batch-32 Adam step under the
 * same load: the update is 5–6% of the step. {@code OptimizerAllocationTest} checks that a step
 * of every variant allocates nothing. Fusing further (applying the update in the epilogue of the
 * weight-gradient kernel, so g is never stored) is a code-generation change.
 *
 * <h2>State</h2>
 *
 * State tensors use PyTorch's state-dict names ({@code momentum_buffer}, {@code sum},
 * {@code square_avg}, {@code grad_avg}, {@code exp_avg}, {@code exp_avg_sq},
 * {@code max_exp_avg_sq}), joined to the parameter name ({@code exp_avg.h1.W}); checkpoints store
 * them under {@code optim.}. The step counter is shared by all parameters (every parameter of a
 * compiled model receives a gradient every step). NAdam's {@code mu_product} is scalar state.
 *
 * <h2>Deliberate differences from PyTorch</h2>
 * <ul>
 *   <li>{@code maximize}, {@code foreach}, {@code fused}, {@code capturable} and
 *       {@code differentiable} are not offered; NAdam's {@code decoupled_weight_decay} neither.</li>
 *   <li>Moving averages use PyTorch's {@code lerp} form m + (1 - β1)(g - m), which PyTorch
 *       uses when 1 - β1 &lt; 0.5; for β1 ≤ 0.5 PyTorch switches to g - (g - m)β1, which
 *       differs in the last bit.</li>
 *   <li>{@code clip_grad_norm_} sums squares in double precision even for f32 gradients.</li>
 * </ul>
 */
package nnc.runtime.optim;
