import * as tf from "@tensorflow/tfjs";

/**
 * What the loop carries between steps beyond TrainerState: the running loss since the last log (float32, as HF's
 * tensor accumulator), the sum of logged losses, and the gradients of the current accumulation window.
 * The scalars go into checkpoints so a resumed run logs the same numbers (HF forgets them: #12942).
 */
export class LoopState {
  trLoss = 0;
  totalLossScalar = 0;
  globalstepLastLogged = 0;
  currentFlos = 0;
  /** Micro-batches in the current window (the last window of an epoch may be shorter). */
  currentGradientAccumulationSteps = 1;
  accumulatedGrads: Record<string, tf.Tensor> | undefined;

  /** Drops the window's gradients (after an update, a skipped update, or a run that failed mid-window). */
  disposeGradients(): void {
    if (this.accumulatedGrads) tf.dispose(Object.values(this.accumulatedGrads));
    this.accumulatedGrads = undefined;
  }

  exportState(): { args: Record<string, unknown>; attributes: Record<string, number> } {
    return {
      args: {},
      attributes: {
        tr_loss: this.trLoss,
        total_loss_scalar: this.totalLossScalar,
        globalstep_last_logged: this.globalstepLastLogged,
        current_flos: this.currentFlos,
      },
    };
  }

  loadState(saved: { attributes?: Record<string, unknown> } | undefined, source: string): void {
    const a = saved?.attributes;
    if (!a) return; // a checkpoint written by HF: the running loss restarts from zero, as HF does
    const num = (key: string) => {
      const value = a[key];
      if (typeof value !== "number")
        throw new Error(`${source}: stateful_callbacks.TrainerLoop.${key} must be a number`);
      return value;
    };
    this.trLoss = num("tr_loss");
    this.totalLossScalar = num("total_loss_scalar");
    this.globalstepLastLogged = num("globalstep_last_logged");
    this.currentFlos = num("current_flos");
  }
}
