package nnc.compiler.source;

/**
 * Every diagnostic nnc's front end can report, with a one-line summary. docs/errors.md has an
 * entry with an example for each constant (a test checks it). Codes group by phase: E00 reading
 * and syntax, E01 names, E02 types and shapes, E03 call arguments, E04 parameters and
 * initializers, E05 model and block structure, E06 the train section, E08 sequences and loops, E09 convolution and pooling,
 * W warnings.
 */
public enum ErrorCode {
    E0001("the file is not UTF-8 text"),
    E0002("syntax error: a token the grammar does not expect here"),
    E0003("a character that is not part of the language"),
    E0004("expression or statement nested too deeply"),
    E0005("number literal out of range"),
    E0006("the file declares no model"),

    E0101("unknown name"),
    E0102("a name is declared twice in the same model or block"),
    E0103("unknown function: neither a builtin nor a block"),
    E0104("unknown element type (dtype)"),
    E0105("two models or blocks with the same name"),
    E0106("a train section names a model that does not exist"),
    E0107("more than one train section for a model"),
    E0108("a path such as h1.W that names no parameter"),
    E0109("blocks that call themselves, directly or through other blocks"),
    E0110("a name used before the statement that defines it"),
    E0111("a statement that is not allowed in a model or in a block"),

    E0201("operand shapes do not broadcast"),
    E0202("'@' needs 2-D or 3-D operands"),
    E0203("'@' needs matching inner dimensions"),
    E0204("arithmetic on an integer (i32) tensor"),
    E0205("f32 and f64 values mixed in one operation"),
    E0206("axis out of range"),
    E0207("reshape changes the number of elements"),
    E0208("invalid transpose permutation"),
    E0209("labels that do not fit cross_entropy"),
    E0210("a loss whose prediction and target shapes differ"),
    E0211("the loss is not a scalar"),
    E0212("a symbolic dimension (batch) where it is not allowed"),
    E0213("a dimension size that is zero, negative or too large"),
    E0214("unknown dimension name"),
    E0215("grad(expr, wrt) with a non-scalar expr or a wrt that is not a parameter or input"),
    E0216("a value that is not a tensor where a tensor is needed"),
    E0217("a layer's parameter or state whose shape does not fit its input"),
    E0218("a layer argument that must name a state tensor"),
    E0219("a state tensor updated by two layers"),

    E0301("wrong number of arguments"),
    E0302("unknown named argument"),
    E0303("an argument given twice"),
    E0304("an argument of the wrong kind"),
    E0305("an argument value out of range"),
    E0306("a positional argument after a named one"),

    E0401("unknown initializer"),
    E0402("a parameter without an initializer"),
    E0403("a parameter whose shape is not fixed"),
    E0404("an initializer that needs a parameter of at least two dimensions"),
    E0405("a state tensor whose initializer is not a constant"),

    E0501("a model without a loss"),
    E0502("a model with more than one loss"),
    E0503("a block without exactly one return"),
    E0504("two block calls in one binding"),
    E0505("a block call that is not part of a binding"),
    E0506("a block argument that does not match the block parameter's shape"),
    E0507("a block size argument that is not a positive integer constant"),

    E0601("unknown train section key"),
    E0602("a train section key given twice"),
    E0603("a train section value of the wrong kind or out of range"),
    E0604("unknown optimizer or learning-rate schedule"),
    E0605("an invalid chain of schedules"),

    E0801("a for loop that is not over range(n) with a positive integer constant n"),
    E0802("a statement that is not allowed in a for loop, or hs[t] = … outside one"),
    E0803("a loop index used as a value, or a sequence index that is out of range or not a loop index"),
    E0804("a loop step that changes the type of a value the loop carries"),
    E0805("a sequence operation on an axis or shapes that do not fit it"),
    E0806("recurrent cell operands whose shapes do not fit together"),
    E0807("attention operands whose shapes do not fit together"),
    E0808("multi-head attention whose width does not split into its heads"),
    E0809("an embedding of tokens that are not i32 indices"),
    E0810("a layer that creates parameters called outside a binding of its own"),

    E0901("a convolution or pooling input that is not [batch, channels, height, width] with fixed sizes"),
    E0902("a convolution kernel or bias whose shape does not fit the input"),
    E0903("a convolution or pooling window larger than the (padded) input"),
    E0904("a stride, padding or window size that is not an integer in range"),
    E0905("flatten of a value without fixed trailing axes"),

    W0001("a parameter that nothing uses", Severity.WARNING),
    W0002("a binding that nothing uses", Severity.WARNING),
    W0003("an input or target that nothing uses", Severity.WARNING),
    W0004("a block that no model calls", Severity.WARNING);

    private final String summary;
    private final Severity severity;

    ErrorCode(String summary) {
        this(summary, Severity.ERROR);
    }

    ErrorCode(String summary, Severity severity) {
        this.summary = summary;
        this.severity = severity;
    }

    /** One line that says what the code means. */
    public String summary() {
        return summary;
    }

    /** The severity diagnostics with this code have. */
    public Severity severity() {
        return severity;
    }
}
