/**
 * Parameter initializers with PyTorch's formulas ({@code torch.nn.init}) drawn from one
 * counter-based generator, {@link nnc.runtime.init.CounterRandom}: the same seed gives
 * bit-identical weights on every JDK, and a parameter's values depend only on (seed, name).
 * Fan-in/fan-out follow nnc's {@code [in, out]} layout for 2-D weights; see
 * {@link nnc.runtime.init.Fans}.
 */
package nnc.runtime.init;
