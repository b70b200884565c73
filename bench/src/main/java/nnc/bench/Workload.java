package nnc.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The benchmark workloads of docs/performance.md: fully connected networks, each a {@code .nn}
 * file in this module's resources. Hidden layers use {@link #hidden()}; the output layer is
 * linear with softmax cross-entropy on integer labels ({@link Loss#SOFTMAX_CE}) or sigmoid with
 * mean squared error ({@link Loss#SIGMOID_MSE}).
 */
public enum Workload {
    /** MLP 784-256-128-10, ReLU, softmax cross-entropy (mean). */
    W1("w1.nn", List.of(784, 256, 128, 10), Activation.RELU, Loss.SOFTMAX_CE,
            List.of("h1.W", "h1.b", "h2.W", "h2.b", "logits.W", "logits.b")),
    /** MLP 1024-1024-1024-10, ReLU, softmax cross-entropy (mean). */
    W2("w2.nn", List.of(1024, 1024, 1024, 10), Activation.RELU, Loss.SOFTMAX_CE,
            List.of("h1.W", "h1.b", "h2.W", "h2.b", "logits.W", "logits.b")),
    /** XOR 2-8-1, sigmoid hidden and output, mean squared error. */
    W3("w3.nn", List.of(2, 8, 1), Activation.SIGMOID, Loss.SIGMOID_MSE, List.of("W1", "b1", "W2", "b2"));

    /** A hidden layer's activation. */
    public enum Activation { RELU, SIGMOID }

    /** The output layer and loss. */
    public enum Loss { SOFTMAX_CE, SIGMOID_MSE }

    private final String resource;
    private final List<Integer> widths;
    private final Activation hidden;
    private final Loss loss;
    private final List<String> paramNames;

    Workload(String resource, List<Integer> widths, Activation hidden, Loss loss, List<String> paramNames) {
        this.resource = resource;
        this.widths = widths;
        this.hidden = hidden;
        this.loss = loss;
        this.paramNames = paramNames;
    }

    /** The file name of the model source, e.g. {@code w1.nn}. */
    public String fileName() {
        return resource;
    }

    /** The model source text. */
    public String source() {
        try (InputStream in = Workload.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the bench module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Layer widths from the input to the output, e.g. 784, 256, 128, 10. */
    public List<Integer> widths() {
        return widths;
    }

    /** The number of weight layers. */
    public int layers() {
        return widths.size() - 1;
    }

    public Activation hidden() {
        return hidden;
    }

    public Loss loss() {
        return loss;
    }

    /** The weight parameter's name of layer {@code l}, as the signature names it. */
    public String weight(int l) {
        return paramNames.get(2 * l);
    }

    /** The bias parameter's name of layer {@code l}. */
    public String bias(int l) {
        return paramNames.get(2 * l + 1);
    }
}
