package nnc.compiler.sema;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import nnc.compiler.ast.Decl;

/**
 * A model's checked train section, with defaults filled in: optimizer {@code adam()}, batch 32,
 * epochs 10; the other keys are absent unless given. {@code schedule} is empty, one schedule,
 * or {@code warmup} followed by one other ({@code schedule = warmup(100) then cosine(1000)}).
 * The train section is optional: {@link CheckedModel#train()} is empty without one.
 */
public record TrainConfig(Decl.Train decl, Choice optimizer, int batch, int epochs, OptionalDouble clipNorm,
                          OptionalDouble clipValue, OptionalLong seed, OptionalInt patience,
                          OptionalDouble valSplit, List<Choice> schedule) {
    public TrainConfig {
        schedule = List.copyOf(schedule);
    }

    /**
     * An optimizer or schedule with every hyperparameter: {@code adam} with lr, beta1, beta2,
     * eps, weight_decay and amsgrad, given or default. Numbers are {@link Attr.Num}, flags
     * {@link Attr.Bool}, integers {@link Attr.Int}, milestones {@link Attr.Ints}.
     */
    public record Choice(String name, Map<String, Attr> args) {
        public Choice {
            args = Map.copyOf(args);
        }

        /** A numeric hyperparameter (integers too). */
        public double number(String key) {
            Attr a = args.get(key);
            return a instanceof Attr.Int i ? i.value() : ((Attr.Num) a).value();
        }

        /** A boolean hyperparameter. */
        public boolean flag(String key) {
            return ((Attr.Bool) args.get(key)).value();
        }

        /** An integer-list hyperparameter (multistep's milestones). */
        public List<Long> ints(String key) {
            return ((Attr.Ints) args.get(key)).values();
        }
    }
}
