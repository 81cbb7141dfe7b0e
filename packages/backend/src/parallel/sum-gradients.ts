import type { ParameterLayout } from "./parameter-layout.js";

/**
 * Adds the workers' gradient slots in worker order (shard 0's, then 1's, …) into the first computed slot, each
 * addition rounded to float32 as tf.add's, so the same shards always give the same bits; in place, because fresh
 * buffers of the model's size each step cost more than the additions. Only `computed` slots take part; a parameter
 * gets a gradient when any computed shard produced one. Returns views of the sums (valid until the next step).
 */
export function sumGradientSlots(
  layout: ParameterLayout,
  slots: readonly Float32Array[],
  computed: readonly number[],
  present: readonly boolean[],
): Map<string, Float32Array> {
  const sums = new Map<string, Float32Array>();
  const target = slots[computed[0]];
  layout.slots.forEach(({ name, offset, size }, index) => {
    if (!present[index]) return;
    for (const worker of computed.slice(1)) {
      const slot = slots[worker];
      for (let i = offset; i < offset + size; i++) target[i] += slot[i];
    }
    sums.set(name, target.subarray(offset, offset + size));
  });
  return sums;
}
