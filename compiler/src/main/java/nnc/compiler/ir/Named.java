package nnc.compiler.ir;

/**
 * A node playing a named role in a graph: an output, a parameter's gradient, a state update.
 *
 * @param name the name in the model (an output name, a parameter path such as {@code h1.W})
 * @param node the node
 */
public record Named(String name, Node node) {
}
