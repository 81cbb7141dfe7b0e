/**
 * Tap stages (tapable runs lower stages first). Flow plugins decide the flags before anything reports them;
 * reporting plugins (progress, TensorBoard, W&B) read what the flow decided; rotation runs after a save is reported.
 */
export const STAGE_FLOW = -100;
export const STAGE_DEFAULT = 0;
export const STAGE_REPORT = 100;
export const STAGE_CLEANUP = 200;
