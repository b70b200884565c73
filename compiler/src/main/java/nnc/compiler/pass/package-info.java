/**
 * Passes {@code Graph → Graph}: {@link nnc.compiler.pass.Simplify} (a table of value-preserving
 * rewrites), {@link nnc.compiler.pass.Passes#optimize} (to a fixed point) and the
 * {@link nnc.compiler.pass.Verifier} that tests run between passes. CSE happens when nodes are
 * built (interning) and dead code never enters a graph, so neither needs a pass of its own.
 */
package nnc.compiler.pass;
