import { seededPermutation } from "../rng/permutation.js";

/** The order in which one epoch visits the dataset; a pure function of (seed, epoch) so resume needs no state. */
export interface Sampler {
  order(epoch: number): Int32Array;
}

export class SequentialSampler implements Sampler {
  constructor(private readonly length: number) {}

  order(): Int32Array {
    return Int32Array.from({ length: this.length }, (_, i) => i);
  }
}

/** A shuffle per epoch from seed and epoch (HF seeds its sampler generator the same way each epoch). */
export class RandomSampler implements Sampler {
  constructor(
    private readonly length: number,
    private readonly seed: number,
  ) {}

  order(epoch: number): Int32Array {
    return seededPermutation(this.length, `${this.seed}:${epoch}`);
  }
}

/**
 * HF's LengthGroupedSampler: shuffle, cut into megabatches of 50 batches, sort each by length (longest first) and
 * put the megabatch holding the longest example first, so padding is small and an out-of-memory shows up at once.
 */
export class LengthGroupedSampler implements Sampler {
  constructor(
    private readonly lengths: ArrayLike<number>,
    private readonly batchSize: number,
    private readonly seed: number,
    private readonly megabatchMultiplier = 50,
  ) {}

  order(epoch: number): Int32Array {
    const shuffled = seededPermutation(this.lengths.length, `${this.seed}:${epoch}`);
    const size = this.batchSize * this.megabatchMultiplier;
    const megabatches: number[][] = [];
    for (let i = 0; i < shuffled.length; i += size) {
      const mb = Array.from(shuffled.subarray(i, i + size));
      mb.sort((a, b) => this.lengths[b] - this.lengths[a]);
      megabatches.push(mb);
    }
    let longest = 0;
    megabatches.forEach((mb, i) => {
      if (this.lengths[mb[0]] > this.lengths[megabatches[longest][0]]) longest = i;
    });
    if (longest > 0) {
      const first = megabatches[0][0];
      megabatches[0][0] = megabatches[longest][0];
      megabatches[longest][0] = first;
    }
    return Int32Array.from(megabatches.flat());
  }
}
