/** One trainable weight's place in the flat float32 buffers shared with the workers. */
export interface ParameterSlot {
  /** The model's name for it (Hugging Face's, for this project's models). */
  name: string;
  shape: number[];
  size: number;
  /** Offset in floats from the start of a buffer. */
  offset: number;
}

export interface ParameterLayout {
  slots: ParameterSlot[];
  /** Floats in one buffer (all weights, or one worker's gradients). */
  totalSize: number;
}

/** Lays parameters out one after another, in the model's order. */
export function layoutParameters(
  parameters: readonly { name: string; shape: readonly number[] }[],
): ParameterLayout {
  let offset = 0;
  const slots = parameters.map(({ name, shape }) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const slot = { name, shape: [...shape], size, offset };
    offset += size;
    return slot;
  });
  return { slots, totalSize: offset };
}

/** Throws unless two workers built the same parameters (names and shapes, in order): their buffers must agree. */
export function requireSameLayout(expected: ParameterLayout, actual: ParameterLayout, worker: number): void {
  const describe = (slot: ParameterSlot | undefined) =>
    slot ? `${slot.name} [${slot.shape.join(", ")}]` : "none";
  const count = Math.max(expected.slots.length, actual.slots.length);
  for (let i = 0; i < count; i++) {
    const a = expected.slots[i];
    const b = actual.slots[i];
    if (!a || !b || a.name !== b.name || a.shape.join() !== b.shape.join()) {
      throw new Error(
        `worker ${worker} built a different model: parameter ${i} is ${describe(b)}, worker 0 has ${describe(a)}`,
      );
    }
  }
}
