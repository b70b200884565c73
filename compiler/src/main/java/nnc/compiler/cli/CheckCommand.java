package nnc.compiler.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import nnc.compiler.sema.CheckedModel;
import nnc.compiler.sema.FrontEnd;
import nnc.compiler.source.Diagnostic;
import nnc.compiler.source.DiagnosticRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code nnc check FILE…}: reports every error and warning in each file. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check .nn files for errors without compiling them. Exit code 0 when every file"
                + " is free of errors (warnings are fine), 65 when a file has errors, 66 when a file"
                + " cannot be read.")
final class CheckCommand implements Callable<Integer> {
    @ParentCommand
    private Main main;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "the .nn files to check")
    private List<Path> files;

    @Option(names = "--max-diagnostics", defaultValue = "100", paramLabel = "N",
            description = "print at most N diagnostics per file (default: ${DEFAULT-VALUE})")
    private int maxDiagnostics;

    @Override
    public Integer call() {
        int worst = ExitCodes.OK;
        for (Path file : files) {
            worst = Math.max(worst, check(file));
        }
        return worst;
    }

    private int check(Path file) {
        Session s = main.session();
        s.doing("reading " + file);
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                s.err().println("nnc: '" + file + "' is a directory; give the .nn files in it");
                return ExitCodes.NO_INPUT;
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            s.err().println("nnc: cannot read '" + file + "': no such file");
            return ExitCodes.NO_INPUT;
        } catch (IOException e) {
            s.err().println("nnc: cannot read '" + file + "': " + e.getMessage());
            return ExitCodes.NO_INPUT;
        }
        s.doing("checking " + file);
        FrontEnd.Result result = FrontEnd.check(file.toString(), bytes);
        print(result.diagnostics());
        if (result.hasErrors()) {
            long errors = result.diagnostics().stream().filter(Diagnostic::isError).count();
            s.err().println(file + ": " + errors + (errors == 1 ? " error" : " errors"));
            return ExitCodes.DATA_ERROR;
        }
        for (CheckedModel m : result.program().orElseThrow().models()) {
            long values = m.params().stream().mapToLong(p -> p.type().shape().stream()
                    .mapToLong(d -> d.size(1)).reduce(1, (a, b) -> a * b)).sum();
            s.out().println(file + ": ok: model " + m.name() + ", " + m.params().size() + " parameters ("
                    + values + " values)");
        }
        return ExitCodes.OK;
    }

    private void print(List<Diagnostic> diagnostics) {
        DiagnosticRenderer renderer = new DiagnosticRenderer();
        Session s = main.session();
        int shown = 0;
        for (Diagnostic d : diagnostics) {
            if (shown++ == maxDiagnostics) {
                s.err().println("... and " + (diagnostics.size() - maxDiagnostics) + " more");
                break;
            }
            s.err().print(renderer.render(d));
        }
    }
}
