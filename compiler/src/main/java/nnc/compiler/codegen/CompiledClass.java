package nnc.compiler.codegen;

import nnc.runtime.Signature;

/**
 * A generated model class.
 *
 * @param className the binary class name
 * @param bytes     the class file
 * @param signature what the model exposes (also in the class's static {@code SIGNATURE})
 * @param report    kernels, fusion and memory plan, for {@code --report}
 */
public record CompiledClass(String className, byte[] bytes, Signature signature, Report report) {
}
