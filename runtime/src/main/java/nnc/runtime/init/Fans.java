package nnc.runtime.init;

import java.util.Arrays;
import nnc.runtime.ConfigException;

/**
 * Fan-in and fan-out of a weight, as PyTorch's {@code _calculate_fan_in_and_fan_out}, adapted to
 * nnc's layout.
 *
 * <p><b>2-D weights are {@code [in, out]} in nnc</b> (a dense layer computes {@code x @ W}), so
 * fan_in = shape[0] and fan_out = shape[1]. PyTorch's {@code nn.Linear} stores {@code [out, in]}
 * and takes fan_in = shape[1]; the numbers agree for the same layer, the indices are swapped on
 * purpose. Weights of rank ≥ 3 follow PyTorch unchanged: a convolution kernel
 * {@code [out, in, kH, kW]} has fan_in = in·kH·kW and fan_out = out·kH·kW.
 *
 * @param in  fan-in
 * @param out fan-out
 */
public record Fans(long in, long out) {

    /** The fans of a weight of this shape. */
    public static Fans of(int[] shape) {
        if (shape.length < 2) {
            throw new ConfigException("fan in and fan out need a weight with at least 2 dimensions, got shape "
                    + Arrays.toString(shape) + "; use zeros, constant, normal or uniform for it");
        }
        if (shape.length == 2) {
            return new Fans(shape[0], shape[1]);
        }
        long receptive = 1;
        for (int i = 2; i < shape.length; i++) {
            receptive *= shape[i];
        }
        return new Fans((long) shape[1] * receptive, (long) shape[0] * receptive);
    }
}
