/**
 * Optional Vector API kernels ({@code jdk.incubator.vector}) for classes compiled with
 * {@code nnc compile --simd vector}: {@link nnc.runtime.simd.Simd} decides at class
 * initialization whether they are available, {@link nnc.runtime.simd.Gemm} is what generated
 * code calls.
 */
package nnc.runtime.simd;
