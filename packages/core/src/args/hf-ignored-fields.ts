/** Any value is unremarkable for this field (HF fills it at run time, or masks it). */
const ANY = Symbol("any value");

type UnremarkableValues = typeof ANY | readonly unknown[];

// Real Hugging Face fields that have no meaning for a tfjs Trainer (precision, distribution, hub, torch-only
// options), with the values that change nothing. A config written for HF (a YAML recipe, a training_args.json) may
// hold all of them; values other than these earn a warning, since the user asked for something we will not do.
// Sources: transformers 5.x TrainingArguments and Seq2SeqTrainingArguments, and fields 4.x had that 5.x dropped.
const IGNORED_HF_FIELDS: Readonly<Record<string, UnremarkableValues>> = {
  // transformers 5.x TrainingArguments
  optim_args: [null],
  optim_target_modules: [null],
  average_tokens_across_devices: [true, false],
  bf16: [false, null],
  fp16: [false],
  bf16_full_eval: [false],
  fp16_full_eval: [false],
  tf32: [null, false],
  gradient_checkpointing: [false],
  gradient_checkpointing_kwargs: [null],
  torch_compile: [false],
  torch_compile_backend: [null],
  torch_compile_mode: [null],
  use_liger_kernel: [false],
  liger_kernel_config: [null],
  use_cache: [false],
  neftune_noise_alpha: [null],
  torch_empty_cache_steps: [null],
  auto_find_batch_size: [false],
  log_on_each_node: [true],
  log_level_replica: ANY,
  project: ANY,
  trackio_space_id: ANY,
  trackio_bucket_id: ANY,
  trackio_static_space_id: ANY,
  eval_use_gather_object: [false],
  save_on_each_node: [false],
  enable_jit_checkpoint: [false],
  push_to_hub: [false],
  hub_token: ANY,
  hub_private_repo: [null],
  hub_model_id: [null],
  hub_strategy: ANY,
  hub_always_push: [false],
  hub_revision: [null],
  full_determinism: [false],
  use_cpu: [false],
  accelerator_config: ANY,
  parallelism_config: [null],
  dataloader_num_workers: [0],
  dataloader_pin_memory: ANY,
  dataloader_persistent_workers: [false],
  dataloader_prefetch_factor: [null],
  dataloader_multiprocessing_context: [null],
  dataloader_in_order: [true],
  ddp_find_unused_parameters: [null],
  ddp_bucket_cap_mb: [null],
  ddp_broadcast_buffers: [null],
  ddp_static_graph: [null],
  ddp_backend: [null],
  ddp_timeout: ANY,
  fsdp: [null, "", []],
  fsdp_config: ANY,
  deepspeed: [null],
  debug: ["", []],
  skip_memory_metrics: [true],
  local_rank: ANY,
  // transformers 5.x Seq2SeqTrainingArguments (the seq2seq plugin declares its own group for these)
  sortish_sampler: [false],
  predict_with_generate: [false],
  generation_max_length: [null],
  generation_num_beams: [null],
  generation_config: [null],
  // transformers 4.x fields that 5.x removed
  past_index: [-1],
  per_gpu_train_batch_size: [null],
  per_gpu_eval_batch_size: [null],
  save_safetensors: [true],
  no_cuda: [false],
  use_mps_device: [false],
  jit_mode_eval: [false],
  use_ipex: [false],
  fp16_opt_level: ANY,
  half_precision_backend: ANY,
  fp16_backend: ANY,
  tpu_num_cores: [null],
  tpu_metrics_debug: [false],
  fsdp_min_num_params: [0],
  fsdp_transformer_layer_cls_to_wrap: [null],
  tp_size: [0],
  adafactor: [false],
  use_legacy_prediction_loop: [false],
  push_to_hub_model_id: [null],
  push_to_hub_organization: [null],
  push_to_hub_token: ANY,
  mp_parameters: [""],
  torchdynamo: [null],
  ray_scope: ANY,
  dispatch_batches: [null],
  split_batches: [null, false],
  include_tokens_per_second: [false],
};

/** Every HF field name accepted and ignored. */
export const IGNORED_HF_FIELD_NAMES: readonly string[] = Object.keys(IGNORED_HF_FIELDS);

export function isIgnoredHfField(name: string): boolean {
  return Object.hasOwn(IGNORED_HF_FIELDS, name);
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Whether an ignored field's value asks for behaviour we do not have (and so deserves a warning). */
export function isRemarkableIgnoredValue(name: string, value: unknown): boolean {
  const unremarkable = IGNORED_HF_FIELDS[name];
  if (unremarkable === undefined || unremarkable === ANY) return false;
  return !unremarkable.some((candidate) => sameJson(candidate, value));
}
