/** File names inside a checkpoint folder (HF's where HF has one; ours in JSON/safetensors instead of pickles). */
export const CHECKPOINT_PREFIX = "checkpoint";
export const MODEL_FILE = "model.safetensors";
export const CONFIG_FILE = "config.json";
export const OPTIMIZER_FILE = "optimizer.safetensors";
export const OPTIMIZER_META_FILE = "optimizer.json";
export const SCHEDULER_FILE = "scheduler.json";
export const RNG_FILE = "rng_state.json";
export const TRAINER_STATE_FILE = "trainer_state.json";
export const TRAINING_ARGS_FILE = "training_args.json";

/** The stateful_callbacks key under which the loop keeps its running loss (HF loses it on resume: #12942). */
export const LOOP_STATE_KEY = "TrainerLoop";
export const CONTROL_STATE_KEY = "TrainerControl";
