/**
 * The training loop usable from Java and from the command line: {@link nnc.runtime.train.Trainer}
 * with a {@link nnc.runtime.train.TrainConfig}, returning a {@link nnc.runtime.train.History}
 * (exportable as CSV). The steady-state step — batch copy, {@code trainStep}, clipping, schedule,
 * optimizer step, metrics — allocates nothing.
 */
package nnc.runtime.train;
