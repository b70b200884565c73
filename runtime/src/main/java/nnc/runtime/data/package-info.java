/**
 * Data for training and prediction: {@link nnc.runtime.data.CsvReader} and
 * {@link nnc.runtime.data.IdxReader} read files into an in-memory {@link nnc.runtime.data.Dataset}
 * shaped for a model ({@link nnc.runtime.data.DataSpec}); {@link nnc.runtime.data.Scaler} scales
 * features with training-set statistics; {@link nnc.runtime.data.Batcher} copies seeded-shuffled
 * mini-batches into the model's arrays without allocating. Malformed files raise
 * {@link nnc.runtime.data.DataFormatException} with file, line and column.
 */
package nnc.runtime.data;
