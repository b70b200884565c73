# Regenerates tests/corpus/errors: writes each wrong model, runs bin/nnc check on all of them,
# and appends the '# expect:' lines only when nnc reports exactly the intended codes.
# Review the positions by hand after a change: this script does not judge them.
import os, re, subprocess, sys
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
D = os.path.join(ROOT, 'tests', 'corpus', 'errors')
M = lambda body, extra='': f"model M {{\n  input x: [batch, 10]\n  target y: i32[batch]\n  param W: [10, 10] = xavier\n{body}\n}}\n{extra}"
DENSE = "block dense(x: [n, i], units) {\n  param W: [i, units] = kaiming\n  param b: [units] = zeros\n  return x @ W + b\n}\n\n"
C = {}
def c(name, codes, comment, text): C[name] = (codes, comment, text)

c('syntax-missing-operand', ['E0002'], "an operator without its right operand", M("  h = x @\n  loss = cross_entropy(h, y)"))
c('syntax-unclosed-paren', ['E0002'], "a parenthesis that is never closed", M("  h = relu((x @ W)\n  loss = cross_entropy(h, y)"))
c('syntax-several', ['E0002', 'E0002'], "two syntax errors in two models: both are reported", "model A {\n  input x: [batch, 2\n  loss = sum(x)\n}\nmodel B {\n  input x: [batch, 2]\n  loss = sum(x) +\n}\n")
c('syntax-stray-character', ['E0003'], "a character that is not part of the language", M("  h = x @ W $ 2\n  loss = cross_entropy(h, y)"))
c('syntax-unterminated-string', ['E0003'], "a string without its closing quote", M("  h = x @ W\n  loss = mse(h, x, reduction = \"mean)"))
c('syntax-let-keyword', ['E0002'], "bindings need no 'let' (and 'let' is not a keyword)", M("  let h = x @ W\n  loss = cross_entropy(h, y)"))
c('syntax-keyword-as-name', ['E0002', 'E0002'], "'input' is a keyword, it cannot name a binding", M("  input = x @ W\n  loss = cross_entropy(input, y)"))
c('huge-number', ['E0005'], "a literal beyond the range of doubles", M("  h = x * 1e999\n  loss = cross_entropy(h, y)"))
c('empty', ['E0006'], "a file with only comments declares no model", "")
c('only-blocks', ['E0006'], "blocks alone are not a model", DENSE)
c('unknown-name', ['E0101'], "a misspelled name gets a suggestion", M("  hidden = relu(x @ W)\n  loss = cross_entropy(hiden, y)"))
c('duplicate-binding', ['E0102'], "a name bound twice", M("  h = relu(x @ W)\n  h = x\n  loss = cross_entropy(h, y)"))
c('duplicate-param', ['E0102'], "a parameter declared twice", M("  param W: [10, 10] = zeros\n  loss = cross_entropy(x @ W, y)"))
c('unknown-function', ['E0103'], "a misspelled builtin", M("  h = relu(x @ W)\n  loss = cross_entropy(sofmax(h), y)"))
c('unknown-dtype', ['E0104'], "int is not an element type; i32 is", "model M {\n  input x: [batch, 10]\n  target y: int[batch]\n  param W: [10, 10] = xavier\n  loss = cross_entropy(x @ W, y)\n}\n")
c('duplicate-model', ['E0105'], "two models with one name", "model M {\n  input x: [batch, 2]\n  loss = sum(x)\n}\nmodel M {\n  input x: [batch, 3]\n  loss = sum(x)\n}\n")
c('block-named-like-builtin', ['E0105'], "a block may not take a builtin's name", "block relu(x: [n, d]) {\n  return x\n}\nmodel M {\n  input x: [batch, 2]\n  loss = sum(relu(x))\n}\n")
c('train-unknown-model', ['E0106'], "a train section for a model that does not exist", M("  loss = cross_entropy(x @ W, y)", "\ntrain Mm { batch = 32 }\n"))
c('train-twice', ['E0107'], "two train sections for one model", M("  loss = cross_entropy(x @ W, y)", "\ntrain M { batch = 32 }\ntrain M { epochs = 3 }\n"))
c('path-no-such-param', ['E0108'], "h1 has parameters W and b, not V", DENSE + "model M {\n  input x: [batch, 10]\n  target y: i32[batch]\n  h1 = relu(dense(x, 10))\n  loss = cross_entropy(h1, y) + l2(h1.V)\n}\n")
c('path-not-a-block-call', ['E0108'], "h is not a block call, so h.W names nothing", M("  h = relu(x @ W)\n  loss = cross_entropy(h, y) + l2(h.W)"))
c('block-recursion', ['E0109'], "blocks are inlined, so they cannot call themselves", "block deep(x: [n, d]) {\n  h = deep(x)\n  return h\n}\nmodel M {\n  input x: [batch, 2]\n  h = deep(x)\n  loss = sum(h)\n}\n")
c('use-before-definition', ['E0110'], "a binding is visible only after its statement", M("  h = relu(g)\n  g = x @ W\n  loss = cross_entropy(h, y)"))
c('return-in-model', ['E0111'], "models name results with output, not return", M("  loss = cross_entropy(x @ W, y)\n  return x"))
c('input-in-block', ['E0111'], "a block gets its inputs as parameters", "block f(x: [n, d]) {\n  input z: [n, d]\n  return x\n}\nmodel M {\n  input x: [batch, 2]\n  h = f(x)\n  loss = sum(h)\n}\n")
c('broadcast-add', ['E0201'], "a bias of the wrong size", M("  param b: [5] = zeros\n  h = x @ W + b\n  loss = cross_entropy(h, y)"))
c('broadcast-mul-div-sub', ['E0201', 'E0201', 'E0201'], "every elementwise operator checks broadcasting", M("  param v: [3] = ones\n  a = x * v\n  b = x / v\n  c = x - v\n  loss = cross_entropy(a + b + c, y)"))
c('broadcast-pow', ['E0201'], "power broadcasts like the other operators", M("  param p: [4] = ones\n  h = x ^ p\n  loss = cross_entropy(h, y)"))
c('matmul-rank', ['E0202'], "a vector is not a matrix", M("  param v: [10] = ones\n  h = x @ v\n  loss = sum(h)"))
c('matmul-inner', ['E0203'], "[batch, 10] @ [32, 10]: the inner dimensions differ", M("  param V: [32, 10] = xavier\n  h = x @ V\n  loss = cross_entropy(h, y)"))
c('matmul-batched', ['E0203'], "batched matmul needs the same leading dimension", M("  a = reshape(x, [batch, 2, 5])\n  param B: [3, 5, 2] = xavier\n  h = a @ B\n  loss = sum(h)"))
c('i32-arithmetic', ['E0204'], "labels are i32: no arithmetic on them", M("  h = x @ W\n  loss = cross_entropy(h, y) + sum(y * 2)"))
c('i32-to-activation', ['E0204'], "only cross_entropy takes i32 labels", M("  h = relu(y)\n  loss = cross_entropy(x @ W, y) + sum(h)"))
c('f32-f64-mix', ['E0205'], "f64 inputs with f32 parameters", "model M {\n  input x: f64[batch, 10]\n  param W: [10, 10] = xavier\n  h = x @ W\n  loss = sum(h)\n}\n")
c('axis-out-of-range', ['E0206'], "a 2-D value has axes -2..1", M("  h = softmax(x @ W, axis = 2)\n  loss = cross_entropy(h, y)"))
c('reshape-count', ['E0207'], "reshape must keep the number of elements", M("  h = reshape(x, [batch, 3, 3])\n  loss = sum(h)"))
c('transpose-3d', ['E0208'], "transpose without perm is for 2-D values", M("  h = transpose(reshape(x, [batch, 2, 5]))\n  loss = sum(h)"))
c('cross-entropy-labels', ['E0209'], "one-hot labels must have the logits' shape", "model M {\n  input x: [batch, 10]\n  target y: [batch, 5]\n  param W: [10, 10] = xavier\n  loss = cross_entropy(x @ W, y)\n}\n")
c('cross-entropy-label-shape', ['E0209'], "class indices have one dimension less than the logits", "model M {\n  input x: [batch, 10]\n  target y: i32[batch, 10]\n  param W: [10, 10] = xavier\n  loss = cross_entropy(x @ W, y)\n}\n")
c('mse-shapes', ['E0210'], "[batch, 1] against [batch]: losses do not broadcast", "model M {\n  input x: [batch, 10]\n  target y: [batch]\n  param W: [10, 1] = xavier\n  loss = mse(x @ W, y)\n}\n")
c('loss-not-scalar', ['E0211'], "the loss must be one number", M("  h = x @ W\n  loss = h * h"))
c('batch-not-first', ['E0212'], "the symbolic dimension comes first", "model M {\n  input x: [10, batch]\n  loss = sum(x)\n}\n")
c('two-symbolic-dims', ['E0212'], "one symbolic dimension per model", "model M {\n  input x: [batch, 10]\n  input t: [time, 10]\n  loss = sum(x) + sum(t)\n}\n")
c('zero-dimension', ['E0213'], "dimensions are positive", M("  param b: [0] = zeros\n  loss = cross_entropy(x @ W, y) + sum(b)"))
c('axis-unknown-dim', ['E0214'], "x has no dimension named time", M("  h = mean(x, axis = time)\n  loss = cross_entropy(x @ W, y) + sum(h)"))
c('grad-not-scalar', ['E0215'], "grad differentiates a scalar", M("  g = grad(x @ W, W)\n  loss = cross_entropy(x @ W, y) + sum(g)"))
c('grad-wrt-binding', ['E0215'], "grad is taken with respect to a parameter or input", M("  h = x @ W\n  g = grad(sum(h), h)\n  loss = cross_entropy(h, y) + sum(g)"))
c('string-as-value', ['E0216'], "a string is not a tensor", M("  h = x @ W + \"bias\"\n  loss = cross_entropy(h, y)"))
c('too-many-args', ['E0301'], "relu takes one argument", M("  h = relu(x @ W, 0.1)\n  loss = cross_entropy(h, y)"))
c('missing-arg', ['E0301'], "mse needs a target", M("  h = x @ W\n  loss = mse(h)"))
c('unknown-named-arg', ['E0302'], "leaky_relu's parameter is slope", M("  h = leaky_relu(x @ W, alpha = 0.1)\n  loss = cross_entropy(h, y)"))
c('arg-twice', ['E0303'], "the same argument by position and by name", M("  h = leaky_relu(x @ W, 0.1, slope = 0.2)\n  loss = cross_entropy(h, y)"))
c('arg-wrong-kind', ['E0304'], "an axis is an integer or a dimension name", M("  h = softmax(x @ W, axis = 1.5)\n  loss = cross_entropy(h, y)"))
c('bad-reduction', ['E0305'], "mse's reduction is mean or half_sum", M("  h = x @ W\n  loss = mse(h, x, reduction = \"sum\")"))
c('positional-after-named', ['E0306'], "positional arguments come first", M("  h = softmax(axis = -1, x @ W)\n  loss = cross_entropy(h, y)"))
c('unknown-initializer', ['E0401'], "a misspelled initializer", M("  param V: [10, 10] = xaviar\n  loss = cross_entropy(x @ V, y)"))
c('missing-initializer', ['E0402'], "every parameter needs an initializer", M("  param b: [10]\n  loss = cross_entropy(x @ W + b, y)"))
c('param-symbolic', ['E0403'], "parameter shapes are fixed", M("  param b: [batch, 10] = zeros\n  loss = cross_entropy(x @ W + b, y)"))
c('block-param-symbolic', ['E0403'], "a block parameter shaped by the batch", "block scale(x: [n, d]) {\n  param s: [n, d] = ones\n  return x * s\n}\nmodel M {\n  input x: [batch, 4]\n  h = scale(x)\n  loss = sum(h)\n}\n")
c('kaiming-bias', ['E0404'], "kaiming needs fans: a 1-D bias has none", M("  param b: [10] = kaiming\n  loss = cross_entropy(x @ W + b, y)"))
c('batch-norm-gamma-shape', ['E0217'], "batch norm's gamma has one entry per feature of its input", 'model M {\n  input x: [batch, 10]\n  target y: i32[batch]\n  param W: [10, 10] = xavier\n  param gamma: [3] = ones\n  param beta: [10] = zeros\n  state mean: [10] = zeros\n  state var: [10] = ones\n  h = batch_norm(x @ W, gamma, beta, mean, var)\n  loss = cross_entropy(h, y)\n}\n')
c('batch-norm-not-state', ['E0218'], 'batch norm updates its running statistics, so they must be state tensors', 'model M {\n  input x: [batch, 10]\n  target y: i32[batch]\n  param W: [10, 10] = xavier\n  param gamma: [10] = ones\n  param beta: [10] = zeros\n  state mean: [10] = zeros\n  h = batch_norm(x @ W, gamma, beta, mean, gamma)\n  loss = cross_entropy(h, y)\n}\n')
c('batch-norm-shared-state', ['E0219'], 'two batch norms cannot update the same running statistics', 'model M {\n  input x: [batch, 10]\n  target y: i32[batch]\n  param W: [10, 10] = xavier\n  param gamma: [10] = ones\n  param beta: [10] = zeros\n  state mean: [10] = zeros\n  state var: [10] = ones\n  h = batch_norm(x @ W, gamma, beta, mean, var)\n  k = batch_norm(h @ W, gamma, beta, mean, var)\n  loss = cross_entropy(k, y)\n}\n')
c('state-random-init', ['E0405'], "state starts from a constant: running statistics are not drawn at random", M("  state s: [10] = normal(1)\n  loss = cross_entropy(x @ W * s, y)"))
c('bad-initializer-arg', ['E0305'], "a standard deviation must be positive", M("  param V: [10, 10] = normal(0, -1)\n  loss = cross_entropy(x @ V, y)"))
c('no-loss', ['E0501'], "a model needs a loss", "model M {\n  input x: [batch, 2]\n  output h = relu(x)\n}\n")
c('two-losses', ['E0502'], "one loss per model: add the terms", M("  loss = cross_entropy(x @ W, y)\n  loss = l2(W)"))
c('block-no-return', ['E0503'], "a block must return its value", "block f(x: [n, d]) {\n  h = relu(x)\n}\nmodel M {\n  input x: [batch, 2]\n  h = f(x)\n  loss = sum(h)\n}\n")
c('two-block-calls', ['E0504'], "each block call needs its own binding to name its parameters", DENSE + "model M {\n  input x: [batch, 10]\n  target y: i32[batch]\n  h = relu(dense(dense(x, 32), 10))\n  loss = cross_entropy(h, y)\n}\n")
c('block-call-in-return', ['E0505'], "a block call in a return statement has no name for its parameters", DENSE + "block two(x: [n, d]) {\n  return dense(x, d)\n}\nmodel M {\n  input x: [batch, 10]\n  h = two(x)\n  loss = sum(h)\n}\n")
c('block-shape', ['E0506'], "dense takes a 2-D value", DENSE + "model M {\n  input x: [batch, 10]\n  a = reshape(x, [batch, 2, 5])\n  h = dense(a, 3)\n  loss = sum(h)\n}\n")
c('block-size', ['E0507'], "sizes are positive integer constants", DENSE + "model M {\n  input x: [batch, 10]\n  h = dense(x, 2.5)\n  loss = sum(h)\n}\n")
c('train-unknown-key', ['E0601'], "the key is epochs", M("  loss = cross_entropy(x @ W, y)", "\ntrain M { epoch = 10 }\n"))
c('train-duplicate-key', ['E0602'], "a key given twice", M("  loss = cross_entropy(x @ W, y)", "\ntrain M {\n  batch = 32\n  batch = 64\n}\n"))
c('train-bad-batch', ['E0603'], "batch is a positive integer", M("  loss = cross_entropy(x @ W, y)", "\ntrain M { batch = 0.5 }\n"))
c('train-unknown-optimizer', ['E0604'], "a misspelled optimizer", M("  loss = cross_entropy(x @ W, y)", "\ntrain M { optimizer = adma(lr = 1e-3) }\n"))
c('train-bad-schedule-chain', ['E0605'], "warmup comes first in a chain", M("  loss = cross_entropy(x @ W, y)", "\ntrain M { schedule = cosine(1000) then warmup(100) }\n"))
c('train-bad-optimizer-arg', ['E0305'], "a learning rate must be positive", M("  loss = cross_entropy(x @ W, y)", "\ntrain M { optimizer = adam(lr = 0) }\n"))
# convolution and pooling (E09)
c('conv-not-an-image', ['E0901'], 'conv2d takes images [batch, channels, height, width]: reshape flat rows first', 'model M {\n  input  x: [batch, 64]\n  target y: [batch, 4, 6, 6]\n  param  W: [4, 1, 3, 3] = kaiming\n  h = conv2d(x, W)\n  loss = mse(h, y)\n}\n')
c('conv-channel-mismatch', ['E0902'], "the kernel's axis 1 is the number of input channels: here 3, but x has 1", 'model M {\n  input  x: [batch, 1, 8, 8]\n  target y: [batch, 4, 6, 6]\n  param  W: [4, 3, 3, 3] = kaiming\n  h = conv2d(x, W)\n  loss = mse(h, y)\n}\n')
c('conv-window-too-large', ['E0903'], 'a 5×5 kernel does not fit a 4×4 image without padding', 'model M {\n  input  x: [batch, 1, 4, 4]\n  target y: [batch, 2]\n  param  W: [2, 1, 5, 5] = kaiming\n  h = flatten(conv2d(x, W))\n  loss = mse(h, y)\n}\n')
c('conv-zero-stride', ['E0904'], 'a stride is a positive integer', 'model M {\n  input  x: [batch, 1, 8, 8]\n  target y: [batch, 1, 4, 4]\n  h = max_pool2d(x, 2, stride = 0)\n  loss = mse(h, y)\n}\n')
c('flatten-rank-one', ['E0905'], 'flatten keeps axis 0 and joins the others: a value of rank 1 has none to join', 'model M {\n  input  x: [batch]\n  target y: [batch, 1]\n  h = flatten(x)\n  loss = mse(h, y)\n}\n')
c('many-errors', ['E0101', 'E0203', 'E0204', 'E0211'], "every error in a file is reported, not only the first", M("  a = x @ V\n  param V2: [5, 10] = xavier\n  b = x @ V2\n  c = y + 1\n  loss = x"))

for name, (codes, comment, text) in C.items():
    header = f"# {comment}\n"
    if name == 'empty':
        header = "# an empty file (only comments): it declares no model\n"
    open(os.path.join(D, name + '.nn'), 'w').write(header + text)

# binary garbage: a comment, then bytes that are not UTF-8
with open(os.path.join(D, 'binary-garbage.nn'), 'wb') as f:
    f.write(b"# bytes that are not UTF-8 text (a PNG header), as when an image is passed by mistake\n")
    f.write(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\xff\xfe")
C['binary-garbage'] = (['E0001'], '', '')
with open(os.path.join(D, 'nul-bytes.nn'), 'wb') as f:
    f.write(b"# valid UTF-8 but with NUL characters: not a text file\nmodel M {\x00\x00 }\n")
C['nul-bytes'] = (['E0001'], '', '')
# deep nesting
open(os.path.join(D, 'deep-parentheses.nn'), 'w').write("# 5000 nested parentheses: an error, not a stack overflow\nmodel M {\n  input x: [batch, 2]\n  h = " + "(" * 5000 + "x" + ")" * 5000 + "\n  loss = sum(h)\n}\n")
C['deep-parentheses'] = (['E0004'], '', '')
open(os.path.join(D, 'deep-chain.nn'), 'w').write("# a chain of 20000 additions is split at 256 levels: an error, not a stack overflow\nmodel M {\n  input x: [batch, 2]\n  h = x" + " + x" * 20000 + "\n  loss = sum(h)\n}\n")
C['deep-chain'] = (['E0004'], '', '')
open(os.path.join(D, 'deep-calls.nn'), 'w').write("# relu(relu(relu(... 3000 deep\nmodel M {\n  input x: [batch, 2]\n  h = " + "relu(" * 3000 + "x" + ")" * 3000 + "\n  loss = sum(h)\n}\n")
C['deep-calls'] = (['E0004'], '', '')
# 1 MB file
lines = ["# a 1 MB model: 21,000 bindings, and a misspelled name at the very end", "model Big {", "  input x: [batch, 16]", "  param W: [16, 16] = xavier", "  h0 = x"]
i = 1
while sum(len(l) + 1 for l in lines) < 1024 * 1024:
    lines.append(f"  h{i} = tanh(h{i-1} @ W + 0.5 * h{i-1}) - 0.25"); i += 1
lines.append(f"  loss = mean(h{i-1} * h{i-1}) + l2(Ww)")
lines.append("}")
open(os.path.join(D, 'one-megabyte.nn'), 'w').write("\n".join(lines) + "\n")
C['one-megabyte'] = (['E0101'], '', '')

files = [os.path.join(D, n + '.nn') for n in C]
r = subprocess.run([os.path.join(ROOT, 'bin', 'nnc'), 'check'] + files, capture_output=True)
err = r.stderr.decode('utf-8', 'replace')
found = {}
for m in re.finditer(r'^(\S+\.nn):(\d+):(\d+): error\[(E\d{4})\]', err, re.M):
    found.setdefault(m.group(1), []).append((m.group(4), int(m.group(2)), int(m.group(3))))
bad = 0
for name, (codes, _, _) in C.items():
    p = os.path.join(D, name + '.nn')
    got = found.get(p, [])
    if [g[0] for g in got] != codes:
        print("MISMATCH", name, codes, got); bad += 1
        continue
    exp = "".join(f"# expect: {g[0]} at {g[1]}:{g[2]}\n" for g in got)
    with open(p, 'ab') as f:
        f.write(exp.encode())
print(len(C), "files,", bad, "mismatches")
