import { type BatchSource, Trainer } from "@tfjs-trainer/core";
import { type StepStamp, stamp } from "../step-time.js";

/**
 * The Trainer with its train dataloader wrapped (the getTrainDataloader override point, as a subclass would) to
 * timestamp each batch request and its arrival: the loop asks for a step's batch as the step begins, so consecutive
 * requests bracket whole steps, hooks, logging and all.
 */
export class BatchTimedTrainer extends Trainer {
  readonly batchRequests: StepStamp[] = [];
  readonly batchReady: StepStamp[] = [];

  override getTrainDataloader(): BatchSource {
    const source = super.getTrainDataloader();
    const { batchRequests, batchReady } = this;
    return {
      get length() {
        return source.length;
      },
      get numExamples() {
        return source.numExamples;
      },
      async batch(epoch, index) {
        batchRequests.push(stamp());
        const batch = await source.batch(epoch, index);
        batchReady.push(stamp());
        return batch;
      },
    };
  }
}
