package nnc.runtime.optim;

import nnc.runtime.TensorSpec;

/**
 * One optimizer state tensor: its checkpoint name (e.g. {@code exp_avg.h1.W}), its spec (the
 * parameter's shape, the model's dtype) and the live {@code float[]} or {@code double[]} behind it.
 *
 * @param name  the state kind and parameter name, joined by a dot
 * @param spec  dtype and shape, equal to the parameter's
 * @param array the live array; writing it changes the optimizer's state
 */
public record StateTensor(String name, TensorSpec spec, Object array) {
}
