import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { readSafetensorsFile } from "@tfjs-trainer/safetensors";
import { expect } from "vitest";

/** What a message from inside tfjs looks like: op names and shapes written as 2,4,3,3 — nothing the user gave. */
const TFJS_INTERNAL =
  /GatherV2|could not be broadcast|Error in (matMul|concat|gather|oneHot|reshape)|Tensor is disposed|are not aligned/;

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }
  throw new Error("expected a rejection, but the promise resolved");
}

/** The error a call throws (fails the test when it returns). */
export function thrown(call: () => unknown): Error {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }
  throw new Error("expected an error, but the call returned");
}

/** The message is the library's own: no tfjs op's complaint in it (the library checked before tfjs could fail). */
export function expectNoTfjsInternals(error: Error): void {
  expect(error.message).not.toMatch(TFJS_INTERNAL);
}

export function checkpointNames(outputDir: string): string[] {
  return readdirSync(outputDir)
    .filter((name) => /^checkpoint-\d+$/.test(name))
    .sort((a, b) => Number(a.split("-")[1]) - Number(b.split("-")[1]));
}

/** Every file of a folder, as bytes (base64), to show a checkpoint was left exactly as it was. */
export function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [name, readFileSync(join(dir, name)).toString("base64")]),
  );
}

/**
 * output_dir holds only complete checkpoints: no temporary folder a crash or a failed save left behind, and every
 * checkpoint-N has readable weights, optimizer state and a trainer_state.json of step N.
 */
export async function expectOnlyCompleteCheckpoints(outputDir: string): Promise<void> {
  if (!existsSync(outputDir)) return;
  const leftovers = readdirSync(outputDir).filter((name) => name.startsWith(".tmp-"));
  expect(leftovers).toEqual([]);
  for (const name of checkpointNames(outputDir)) {
    const dir = join(outputDir, name);
    await expect(readSafetensorsFile(join(dir, "model.safetensors"))).resolves.toBeDefined();
    await expect(readSafetensorsFile(join(dir, "optimizer.safetensors"))).resolves.toBeDefined();
    const state = JSON.parse(readFileSync(join(dir, "trainer_state.json"), "utf8"));
    expect(`checkpoint-${state.global_step}`).toBe(name);
  }
}

export function numTensors(): number {
  return tf.memory().numTensors;
}
