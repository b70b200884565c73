package nnc.compiler.sema;

import nnc.compiler.ast.Decl;

/** What a name (or a path such as {@code h1.W}) refers to. */
public sealed interface Symbol {
    /** The value's type. */
    Type type();

    /** A model input or target. */
    record InputRef(ModelInput input) implements Symbol {
        @Override
        public Type type() {
            return input.type();
        }
    }

    /** A parameter, declared in the model or created by a block call. */
    record ParamRef(ModelParam param) implements Symbol {
        @Override
        public Type type() {
            return param.type();
        }
    }

    /** A state tensor, declared in the model or created by a block call. */
    record StateRef(ModelState state) implements Symbol {
        @Override
        public Type type() {
            return state.type();
        }
    }

    /** A binding of the model or of a block instance. */
    record BindingRef(Binding binding, Type type) implements Symbol {
    }

    /**
     * A tensor parameter of the block being instantiated; its value is the caller's argument,
     * {@link BlockInstance#arguments()}.
     */
    record BlockArgRef(Decl.BlockParam param, Type type) implements Symbol {
    }

    /**
     * A size inside a block: a size parameter ({@code units}) or a pattern variable bound to an
     * integer ({@code i} of {@code x: [n, i]}); a scalar constant.
     */
    record SizeRef(String name, int value) implements Symbol {
        @Override
        public Type type() {
            return Type.Tensor.scalar(nnc.runtime.DType.F32);
        }
    }

    /**
     * The index variable of an enclosing for loop, {@code 0 … count-1}: it indexes sequences
     * ({@code at(x, t)}) but is not a tensor value.
     */
    record LoopIndex(String name, int count) implements Symbol {
        @Override
        public Type type() {
            return Type.ERROR;
        }
    }
}
