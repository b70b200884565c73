/**
 * Learning-rate schedules in closed form, matching PyTorch's {@code torch.optim.lr_scheduler}
 * ({@code StepLR}, {@code MultiStepLR}, {@code ExponentialLR}, {@code CosineAnnealingLR},
 * {@code LinearLR}, {@code SequentialLR}) plus a plain linear warm-up. A schedule is a pure
 * function of (initial rate, step count), so resuming from a checkpoint needs only the count.
 */
package nnc.runtime.schedule;
