/**
 * The reference interpreter: {@link nnc.compiler.interp.Interpreter#run} evaluates any graph in
 * double precision given a {@link nnc.compiler.interp.Tensor} per leaf name and the batch size.
 * Its one exhaustive switch over the ops is the specification generated code is tested against.
 */
package nnc.compiler.interp;
