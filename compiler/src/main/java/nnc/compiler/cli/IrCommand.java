package nnc.compiler.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.IrPrinter;
import nnc.compiler.pass.Passes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code nnc ir FILE [--grad]}: prints a model's graph IR, one node per line. */
@Command(name = "ir", mixinStandardHelpOptions = true,
        description = "Print the graph IR of a model: one node per line (id, op, operands, type, source"
                + " position), then its roles (inputs, parameters, outputs, loss, gradients).")
final class IrCommand implements Callable<Integer> {
    @ParentCommand
    private Main main;

    @Parameters(paramLabel = "FILE", description = "the .nn file")
    private Path file;

    @Option(names = "--grad", description = "include the backward pass: the gradient of the loss for every"
            + " parameter (for every float input when the model has no parameters)")
    private boolean grad;

    @Option(names = "--raw", description = "print the IR as lowered, before simplification")
    private boolean raw;

    @Option(names = "--no-positions", description = "leave out the '@ file:line:col' of each node")
    private boolean noPositions;

    @Option(names = "--model", paramLabel = "NAME", description = "the model to print (default: the first)")
    private Optional<String> model;

    @Override
    public Integer call() {
        Session s = main.session();
        ModelLoader.Loaded loaded = ModelLoader.load(s, file, model);
        if (loaded.forward().isEmpty()) {
            return loaded.exitCode();
        }
        Graph graph = loaded.forward().get();
        if (grad) {
            s.doing("differentiating " + file);
            graph = Autodiff.differentiate(graph, Autodiff.defaultInputs(graph));
        }
        if (!raw) {
            s.doing("simplifying " + file);
            graph = Passes.optimize(graph);
        }
        s.out().print(IrPrinter.print(graph, !noPositions));
        return ExitCodes.OK;
    }
}
