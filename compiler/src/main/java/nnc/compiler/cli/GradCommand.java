package nnc.compiler.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import nnc.compiler.autodiff.Autodiff;
import nnc.compiler.interp.Interpreter;
import nnc.compiler.ir.FormulaPrinter;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.Named;
import nnc.compiler.ir.Node;
import nnc.compiler.pass.Passes;
import nnc.compiler.sema.CheckedModel;
import nnc.runtime.io.Json;
import nnc.runtime.io.JsonException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code nnc grad FILE --values VALUES.json}: loss, outputs and gradients from the reference interpreter. */
@Command(name = "grad", mixinStandardHelpOptions = true,
        description = {"Run a model in the reference interpreter (double precision) at the given values and"
                + " print JSON: {\"loss\": …, \"outputs\": {…}, \"grad\": {name: nested lists, …}} with the"
                + " gradient of the loss for every parameter, and for the inputs named by --wrt (for every"
                + " float input when the model has no parameters).",
                "VALUES.json maps each input, target and parameter name to a number or nested row-major"
                + " lists; parameters it leaves out are drawn from their initializers with --seed."})
final class GradCommand implements Callable<Integer> {
    @ParentCommand
    private Main main;

    @Parameters(paramLabel = "FILE", description = "the .nn file")
    private Path file;

    @Option(names = "--values", required = true, paramLabel = "VALUES.json", description = "the values of inputs, targets and parameters")
    private Path valuesFile;

    @Option(names = "--wrt", split = ",", paramLabel = "NAME", description = "inputs to differentiate too, e.g. --wrt x,y")
    private List<String> wrt = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "seed for parameters initialized from the model (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--symbolic", description = "also print each gradient as a formula simplified from the IR")
    private boolean symbolic;

    @Option(names = "--model", paramLabel = "NAME", description = "the model to run (default: the first)")
    private Optional<String> model;

    @Override
    public Integer call() {
        Session s = main.session();
        ModelLoader.Loaded loaded = ModelLoader.load(s, file, model);
        if (loaded.forward().isEmpty()) {
            return loaded.exitCode();
        }
        Graph forward = loaded.forward().get();
        Optional<Set<String>> inputs = inputsToDifferentiate(s, forward);
        if (inputs.isEmpty()) {
            return ExitCodes.USAGE;
        }
        s.doing("reading " + valuesFile);
        ValuesFile.Loaded values;
        try {
            values = ValuesFile.load(Json.parse(read(valuesFile)), forward, loaded.model().orElseThrow(), seed);
        } catch (NoSuchFileException e) {
            s.err().println("nnc: cannot read '" + valuesFile + "': no such file");
            return ExitCodes.NO_INPUT;
        } catch (IOException e) {
            s.err().println("nnc: cannot read '" + valuesFile + "': " + e.getMessage());
            return ExitCodes.NO_INPUT;
        } catch (JsonException e) {
            s.err().println("nnc: " + valuesFile + ":" + e.line() + ":" + e.column() + ": " + e.detail());
            return ExitCodes.DATA_ERROR;
        } catch (ValuesFile.BadValues e) {
            s.err().println("nnc: " + valuesFile + ": " + e.getMessage());
            return ExitCodes.DATA_ERROR;
        }
        s.doing("differentiating " + file);
        Graph graph = Passes.optimize(Autodiff.differentiate(forward, inputs.get()));
        s.doing("interpreting " + file);
        Interpreter.Evaluation run;
        try {
            run = Interpreter.run(graph, values.values(), values.batch());
        } catch (IllegalArgumentException e) {
            s.err().println("nnc: " + valuesFile + ": " + e.getMessage());
            return ExitCodes.DATA_ERROR;
        }
        s.out().println(json(graph, run));
        if (symbolic) {
            printFormulas(s, graph);
        }
        return ExitCodes.OK;
    }

    private Optional<Set<String>> inputsToDifferentiate(Session s, Graph g) {
        List<String> floatInputs = g.inputs().stream().filter(n -> n.type().dtype().isFloat()).map(Node::name).toList();
        if (wrt.isEmpty()) {
            return Optional.of(Autodiff.defaultInputs(g));
        }
        Set<String> out = new LinkedHashSet<>();
        for (String name : wrt) {
            if (floatInputs.contains(name)) {
                out.add(name);
            } else if (g.params().stream().noneMatch(p -> p.name().equals(name))) {
                s.err().println("nnc: --wrt " + name + ": not a float input of the model; its inputs are "
                        + String.join(", ", floatInputs));
                return Optional.empty();
            }
        }
        return Optional.of(out);
    }

    private static String json(Graph g, Interpreter.Evaluation run) {
        StringBuilder s = new StringBuilder("{\"loss\": ");
        JsonOut.tensor(s, run.loss());
        s.append(", \"outputs\": {");
        section(s, g.outputs(), run);
        s.append("}, \"grad\": {");
        List<Named> grads = new ArrayList<>(g.paramGrads());
        grads.addAll(g.inputGrads());
        section(s, grads, run);
        return s.append("}}").toString();
    }

    private static void section(StringBuilder s, List<Named> entries, Interpreter.Evaluation run) {
        for (int i = 0; i < entries.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(JsonOut.quote(entries.get(i).name())).append(": ");
            JsonOut.tensor(s, run.value(entries.get(i).node()));
        }
    }

    /** {@code ∂f/∂x = 2·x·y}, naming the loss after an output that is the loss, if there is one. */
    private static void printFormulas(Session s, Graph g) {
        Node loss = g.loss().orElseThrow();
        String f = g.outputs().stream().filter(o -> o.node() == loss).map(Named::name).findFirst().orElse("loss");
        List<Named> grads = new ArrayList<>(g.paramGrads());
        grads.addAll(g.inputGrads());
        for (Named d : grads) {
            s.out().println("∂" + f + "/∂" + d.name() + " = " + FormulaPrinter.print(d.node()));
        }
    }

    private static String read(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }
}
