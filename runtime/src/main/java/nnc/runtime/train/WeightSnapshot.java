package nnc.runtime.train;

import nnc.runtime.Model;

/** A copy of a model's parameters and state, allocated once, for restoring the best epoch's weights. */
final class WeightSnapshot {
    private final Object[] params;
    private final Object[] state;

    WeightSnapshot(Model model) {
        params = new Object[model.signature().params().size()];
        state = new Object[model.signature().state().size()];
        for (int i = 0; i < params.length; i++) {
            params[i] = copyOf(model.param(i));
        }
        for (int i = 0; i < state.length; i++) {
            state[i] = copyOf(model.state(i));
        }
    }

    void take(Model model) {
        for (int i = 0; i < params.length; i++) {
            copy(model.param(i), params[i]);
        }
        for (int i = 0; i < state.length; i++) {
            copy(model.state(i), state[i]);
        }
    }

    void restore(Model model) {
        for (int i = 0; i < params.length; i++) {
            copy(params[i], model.param(i));
        }
        for (int i = 0; i < state.length; i++) {
            copy(state[i], model.state(i));
        }
    }

    private static Object copyOf(Object a) {
        Object c = java.lang.reflect.Array.newInstance(a.getClass().getComponentType(), java.lang.reflect.Array.getLength(a));
        copy(a, c);
        return c;
    }

    private static void copy(Object from, Object to) {
        System.arraycopy(from, 0, to, 0, java.lang.reflect.Array.getLength(from));
    }
}
