/** The run every process of a crash suite trains: which model, how many optimizer steps. */
export interface RunSpec {
  model: "tiny" | "bert";
  steps: number;
}

/** What one training process is asked to do (passed as JSON in argv). */
export interface ChildRequest {
  spec: RunSpec;
  outputDir: string;
  /** true: resume from the newest checkpoint of outputDir; false: train from scratch. */
  resume: boolean;
  /** Where the finished run writes its RunResult. */
  resultFile: string;
}

export const MODELS: readonly RunSpec["model"][] = ["tiny", "bert"];
