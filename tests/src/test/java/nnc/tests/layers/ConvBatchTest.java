package nnc.tests.layers;

import java.util.Map;
import nnc.runtime.DType;
import nnc.runtime.Model;
import org.junit.jupiter.api.Test;

/**
 * A convolution's input gradient at batch 3: its matmul reads the loss gradient, a flattened
 * {@code [batch, 18]} slot, as {@code [batch, 3, 6]}. That right operand has rank 2 but one matrix
 * per image; when the back end took it for a matrix shared by every image (by its rank), images
 * 1 and 2 used image 0's gradient and s's gradient came out wrong (-1.71 instead of 2.76 here).
 */
class ConvBatchTest {
    private static final String SOURCE = """
            model L {
              input  x: f32[batch, 2, 2, 1]
              param  W: f32[3, 2, 3, 1] = normal(0.5)
              param  s: f32[1] = normal(1)
              y = conv2d(x * s, W, stride = 1, padding = 1)
              r = flatten(y)
              loss = sum(r * r * 0.5 + r) + 0 * sum(W)
            }
            """;

    @Test
    void everyImageUsesItsOwnGradient() {
        LayerHarness.Compiled c = LayerHarness.compile("l.nn", SOURCE, DType.F32);
        Model m = c.instantiate(3);
        var v = LayerHarness.values(c.train(), 3, 7, Map.of());
        LayerHarness.load(m, v);
        LayerHarness.trainStepMatches(c, m, v, 3, 0, LayerHarness.tolerance(DType.F32));
    }
}
