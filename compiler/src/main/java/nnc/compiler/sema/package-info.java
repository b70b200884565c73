/**
 * Name resolution and type-and-shape checking: the checked AST that lowering consumes.
 *
 * <h2>Entry points</h2>
 * {@link nnc.compiler.sema.FrontEnd#check(String, byte[])} decodes, parses and checks a file;
 * {@link nnc.compiler.sema.Checker#check} checks an AST. Both report every problem to a sink and
 * give a {@link nnc.compiler.sema.CheckedProgram} only when there was no error.
 *
 * <h2>What lowering reads</h2>
 * Nothing is stored on AST nodes: the checker fills side tables ({@link nnc.compiler.sema.Scope},
 * identity maps keyed by AST node). A {@link nnc.compiler.sema.CheckedModel} gives:
 * <ul>
 * <li>{@code inputs()}, {@code targets()}: name, declaration, {@link nnc.compiler.sema.Type.Tensor}
 *     (dtype + shape; the first dimension may be {@code Dim.Symbolic("batch")});</li>
 * <li>{@code params()}: every trainable parameter with its full path ({@code W1}, {@code h1.W},
 *     {@code r1.a.W}), fixed shape and {@link nnc.compiler.sema.Init} (already a distribution);</li>
 * <li>{@code bindings()} in source order, {@code outputs()}, {@code loss()} (a float scalar),
 *     {@code train()} ({@link nnc.compiler.sema.TrainConfig}, defaults filled in);</li>
 * <li>{@code scope()}: for each value expression its {@code type(expr)}; for each name or path
 *     its {@code symbol(path)} ({@link nnc.compiler.sema.Symbol}: input, param, binding, block
 *     argument or size); for each call its {@code target(call)}
 *     ({@link nnc.compiler.sema.CallTarget}).</li>
 * </ul>
 *
 * <h2>Builtin calls</h2>
 * {@link nnc.compiler.sema.CallTarget.BuiltinCall} holds the {@link nnc.compiler.sema.Builtin}, its
 * tensor operands in parameter order and its constant arguments as {@link nnc.compiler.sema.Attr}s,
 * evaluated and with defaults: {@code softmax(x)} has {@code axis = Axes([1])} for a 2-D x,
 * {@code sum(x)} has {@code Axes([0, 1], all=true)}, {@code reshape} a {@code Shape} with -1
 * inferred, {@code grad} a {@code Ref} to the parameter or input.
 *
 * <h2>Block calls</h2>
 * A block's body has different shapes at each call, so each call is checked separately into a
 * {@link nnc.compiler.sema.BlockInstance} with its own scope. To inline
 * {@code h1 = relu(dense(x, 256))}: {@code scope.target(call)} is a
 * {@link nnc.compiler.sema.CallTarget.BlockCall}; its instance maps each tensor parameter of the
 * block to the caller's argument expression ({@code arguments()}, typed in the caller's scope),
 * lists the parameters it created ({@code h1.W}, {@code h1.b}) and the block's bindings, and its
 * {@code result()} is the return expression, typed in {@code instance.scope()}. Inside the
 * instance, {@link nnc.compiler.sema.Symbol.BlockArgRef} names a block argument and
 * {@link nnc.compiler.sema.Symbol.SizeRef} a size such as {@code units} (a constant). Nested calls
 * are instances inside instances ({@code nested()}).
 *
 * <h2>Literals</h2>
 * A number literal in an expression is a scalar whose dtype is that of the other operand (f32
 * when both are literals), as recorded in the scope.
 *
 * <h2>Adding a builtin</h2>
 * One entry in {@link nnc.compiler.sema.Builtins#TABLE} with a rule from {@code Rules}.
 */
package nnc.compiler.sema;
