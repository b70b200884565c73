package nnc.compiler.kernel;

/**
 * One result of a fused loop: body node {@code expr} is written to {@code slot} at every element
 * of the domain (the slot has the domain's shape).
 *
 * @param slot the destination
 * @param expr the index of the body node written
 */
public record Out(Slot slot, int expr) {
}
