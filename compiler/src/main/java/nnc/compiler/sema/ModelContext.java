package nnc.compiler.sema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nnc.compiler.ast.Decl;
import nnc.compiler.ast.Ident;
import nnc.compiler.source.DiagnosticSink;

/** What the model body and every block instance inside it share while one model is checked. */
final class ModelContext {
    final DiagnosticSink sink;
    final Map<String, Decl.Block> blocks;
    final Set<String> recursiveBlocks;
    /** Inputs, params and bindings that something refers to (by identity). */
    final Set<Object> used = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Every parameter, the model's and those of block calls, in creation order. */
    final List<ModelParam> params = new ArrayList<>();
    /** Every state tensor, the model's and those of block calls, in creation order. */
    final List<ModelState> states = new ArrayList<>();
    /** The state tensors a layer updates, with where (one layer each). */
    final Map<ModelState, nnc.compiler.source.Span> updatedStates = new java.util.HashMap<>();
    /** Names of blocks that were instantiated (shared by all models, for unused-block warnings). */
    final Set<String> calledBlocks;
    private Optional<Ident> symbolicDim = Optional.empty();

    ModelContext(DiagnosticSink sink, Map<String, Decl.Block> blocks, Set<String> recursiveBlocks,
                 Set<String> calledBlocks) {
        this.sink = sink;
        this.blocks = blocks;
        this.recursiveBlocks = recursiveBlocks;
        this.calledBlocks = calledBlocks;
    }

    /** The model's symbolic dimension, once an input declared one. */
    Optional<Ident> symbolicDim() {
        return symbolicDim;
    }

    void declareSymbolicDim(Ident name) {
        symbolicDim = Optional.of(name);
    }

    static Set<String> newNameSet() {
        return new LinkedHashSet<>();
    }
}
