package nnc.compiler.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code nnc} command. Each subcommand is one class listed in {@code subcommands} below; it
 * reaches the streams and the activity record through {@code @ParentCommand Main main} and
 * {@link #session()}, and returns an {@link ExitCodes} value.
 */
@Command(name = "nnc", mixinStandardHelpOptions = true, version = "nnc 0.1.0",
        description = "Compiles .nn neural-network models to JVM classes.",
        subcommands = {CheckCommand.class, IrCommand.class, GradCommand.class, CompileCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    @CommandLine.Spec
    private CommandSpec spec;

    private final Session session;

    Main(Session session) {
        this.session = session;
    }

    /** The session of this run. */
    public Session session() {
        return session;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(session.err());
        return ExitCodes.USAGE;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line in-process (tests use this) and returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        args = shorthand(args);
        PrintWriter o = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter e = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        Session session = new Session(o, e);
        CommandLine cl = new CommandLine(new Main(session));
        cl.setOut(o);
        cl.setErr(e);
        cl.setParameterExceptionHandler((ex, a) -> {
            e.println("nnc: " + ex.getMessage());
            e.println("Try 'nnc --help' or 'nnc help " + commandName(ex) + "'.");
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> internalError(session, ex));
        try {
            return cl.execute(args);
        } finally {
            o.flush();
            e.flush();
        }
    }

    /** {@code nnc model.nn …} is {@code nnc compile model.nn …}. */
    private static String[] shorthand(String[] args) {
        if (args.length == 0 || !args[0].endsWith(".nn")) {
            return args;
        }
        String[] out = new String[args.length + 1];
        out[0] = "compile";
        System.arraycopy(args, 0, out, 1, args.length);
        return out;
    }

    private static String commandName(CommandLine.ParameterException ex) {
        String name = ex.getCommandLine().getCommandName();
        return name.equals("nnc") ? "" : name;
    }

    static int internalError(Session session, Throwable ex) {
        PrintWriter e = session.err();
        e.println("nnc: internal error while " + session.doing() + ": " + Session.describe(ex));
        StackTraceElement[] trace = ex.getStackTrace();
        for (int i = 0; i < Math.min(8, trace.length); i++) {
            e.println("    at " + trace[i]);
        }
        e.println("This is a bug in nnc, not in your model. Please report it with the file you were compiling"
                + " and this message.");
        return ExitCodes.INTERNAL;
    }
}
