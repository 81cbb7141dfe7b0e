import causalLm from "./causal-lm.js";
import imageClassification from "./image-classification.js";
import maskedLm from "./masked-lm.js";
import multipleChoice from "./multiple-choice.js";
import questionAnswering from "./question-answering.js";
import summarization from "./summarization.js";
import type { Task } from "./task.js";
import textClassification from "./text-classification.js";
import tokenClassification from "./token-classification.js";
import translation from "./translation.js";

export type { Task } from "./task.js";

/** Every task the CLI runs, by the name a config's `task:` uses (one per HF example script). */
const TASKS: readonly Task[] = [
  textClassification as unknown as Task,
  imageClassification as unknown as Task,
  causalLm as unknown as Task,
  maskedLm as unknown as Task,
  tokenClassification as unknown as Task,
  multipleChoice as unknown as Task,
  questionAnswering as unknown as Task,
  summarization as unknown as Task,
  translation as unknown as Task,
];

export function taskNames(): string[] {
  return TASKS.map((task) => task.name);
}

export function taskByName(name: string): Task | undefined {
  return TASKS.find((task) => task.name === name);
}

export function allTasks(): readonly Task[] {
  return TASKS;
}
