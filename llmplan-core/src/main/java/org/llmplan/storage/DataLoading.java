package org.llmplan.storage;

import org.llmplan.train.TimeEstimate;
import org.llmplan.train.TrainingJob;

/**
 * Read bandwidth the training data needs. Text: tokens/s x bytes per token, where a tokenised dataset
 * stores each token as uint16 when the vocabulary fits (below 65,500, Megatron's indexed dataset) and as
 * int32 otherwise. Images or other multimodal samples: sequences/s x bytes per sample, one sample per
 * sequence (for packed sequences give the bytes of all samples in one sequence).
 *
 * @param bytesPerSample 0 for tokenised text
 */
public record DataLoading(double tokensPerSecond, double sequencesPerSecond, double bytesPerToken,
    double bytesPerSample) {

  /** Megatron's indexed dataset uses uint16 below this vocabulary size (indexed_dataset.py). */
  static final int UINT16_VOCAB_LIMIT = 65_500;

  public static DataLoading of(TrainingJob job, TimeEstimate time, double bytesPerSample) {
    double tokensPerSecond = time.tokensPerSecond();
    return new DataLoading(tokensPerSecond, tokensPerSecond / job.seq(),
        job.model().vocab() < UINT16_VOCAB_LIMIT ? 2 : 4, bytesPerSample);
  }

  public double bytesPerSecond() {
    return bytesPerSample > 0 ? sequencesPerSecond * bytesPerSample : tokensPerSecond * bytesPerToken;
  }
}
