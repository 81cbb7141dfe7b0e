"""PyTorch side of the backend bench: one table row (matMul or the BERT-mini training step) on cpu or cuda.

Started by bench.mjs with the row as JSON (see src/row.ts); reports on stdout with the same "@@bench {json}" lines
as the tfjs rows. Runnable alone:
    python3 torch_bench.py '{"workload":{"kind":"matmul","n":1024},"engine":{"runtime":"torch","device":"cuda"},
                             "repeats":10,"budgetMs":20000}'
The BERT-mini here is HF's BertForSequenceClassification / BertForMaskedLM written out in eager torch ops (the same
shapes and operations, "eager" attention), so it needs torch only. Its numbers mirror src/workloads/bert-mini.ts.
"""

import json
import math
import sys
import time

MARKER = "@@bench "
VOCAB, HIDDEN, LAYERS, HEADS, FFN, LABELS = 30522, 256, 4, 4, 1024, 2
MAX_POSITIONS, TYPE_VOCAB, DROPOUT, LN_EPS = 512, 2, 0.1, 1e-12
ADAMW_LR, ADAMW_WEIGHT_DECAY, MLM_LABELLED = 5e-5, 0.01, 0.15
MIN_RUN_MS, MAX_OPS_PER_RUN, SLOW_RUN_MS = 25, 200, 10_000


def emit(event):
    print(MARKER + json.dumps(event), flush=True)


def build_bert(torch, head):
    nn, F = torch.nn, torch.nn.functional

    class Layer(nn.Module):
        def __init__(self):
            super().__init__()
            self.query, self.key, self.value = nn.Linear(HIDDEN, HIDDEN), nn.Linear(HIDDEN, HIDDEN), nn.Linear(HIDDEN, HIDDEN)
            self.attention_output, self.attention_norm = nn.Linear(HIDDEN, HIDDEN), nn.LayerNorm(HIDDEN, eps=LN_EPS)
            self.intermediate, self.output = nn.Linear(HIDDEN, FFN), nn.Linear(FFN, HIDDEN)
            self.output_norm = nn.LayerNorm(HIDDEN, eps=LN_EPS)

        def forward(self, x, mask_bias):
            b, t, _ = x.shape
            d = HIDDEN // HEADS
            split = lambda y: y.view(b, t, HEADS, d).transpose(1, 2)
            q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
            scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d) + mask_bias
            probs = F.dropout(torch.softmax(scores, dim=-1), DROPOUT, self.training)
            context = torch.matmul(probs, v).transpose(1, 2).reshape(b, t, HIDDEN)
            x = self.attention_norm(F.dropout(self.attention_output(context), DROPOUT, self.training) + x)
            h = self.output(F.gelu(self.intermediate(x)))
            return self.output_norm(F.dropout(h, DROPOUT, self.training) + x)

    class Bert(nn.Module):
        def __init__(self):
            super().__init__()
            self.words = nn.Embedding(VOCAB, HIDDEN)
            self.positions, self.types = nn.Embedding(MAX_POSITIONS, HIDDEN), nn.Embedding(TYPE_VOCAB, HIDDEN)
            self.embedding_norm = nn.LayerNorm(HIDDEN, eps=LN_EPS)
            self.layers = nn.ModuleList([Layer() for _ in range(LAYERS)])
            if head == "mlm":
                self.transform, self.transform_norm = nn.Linear(HIDDEN, HIDDEN), nn.LayerNorm(HIDDEN, eps=LN_EPS)
                self.decoder_bias = nn.Parameter(torch.zeros(VOCAB))  # the decoder weight is tied to self.words
            else:
                self.pooler, self.classifier = nn.Linear(HIDDEN, HIDDEN), nn.Linear(HIDDEN, LABELS)

        def forward(self, input_ids, attention_mask, token_type_ids, labels):
            t = input_ids.shape[1]
            positions = torch.arange(t, device=input_ids.device)
            x = self.words(input_ids) + self.positions(positions)[None] + self.types(token_type_ids)
            x = F.dropout(self.embedding_norm(x), DROPOUT, self.training)
            mask_bias = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
            for layer in self.layers:
                x = layer(x, mask_bias)
            if head == "mlm":
                h = self.transform_norm(F.gelu(self.transform(x)))
                logits = torch.matmul(h, self.words.weight.t()) + self.decoder_bias
                return F.cross_entropy(logits.view(-1, VOCAB), labels.view(-1), ignore_index=-100)
            pooled = torch.tanh(self.pooler(x[:, 0]))
            return F.cross_entropy(self.classifier(F.dropout(pooled, DROPOUT, self.training)), labels)

    return Bert()


def random_batch(torch, head, batch, seq, device):
    g = torch.Generator().manual_seed(7)
    ids = torch.randint(0, VOCAB, (batch, seq), generator=g)
    if head == "mlm":
        labels = torch.where(torch.rand(batch, seq, generator=g) < MLM_LABELLED, ids, torch.full_like(ids, -100))
    else:
        labels = torch.randint(0, LABELS, (batch,), generator=g)
    ones, zeros = torch.ones_like(ids), torch.zeros_like(ids)
    return [t.to(device) for t in (ids, ones, zeros, labels)]


def bert_step_workload(torch, workload, device):
    model = build_bert(torch, workload["head"]).to(device).train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=ADAMW_LR, weight_decay=ADAMW_WEIGHT_DECAY)
    batch = random_batch(torch, workload["head"], workload["batch"], workload["seq"], device)

    def run_ops(count):
        for _ in range(count):
            optimizer.zero_grad(set_to_none=True)
            loss = model(*batch)
            loss.backward()
            optimizer.step()
        loss.item()  # waits for the device

    return run_ops


def matmul_workload(torch, n, device, sync):
    g = torch.Generator().manual_seed(1)
    a, b = torch.randn(n, n, generator=g).to(device), torch.randn(n, n, generator=g).to(device)

    def run_ops(count):
        for _ in range(count):
            torch.matmul(a, b)
        sync()

    return run_ops


def measure(run_ops, repeats, budget_ms, started):
    """The same warm-up and timing rule as src/measure.ts."""

    def timed(count):
        start = time.perf_counter()
        run_ops(count)
        return (time.perf_counter() - start) * 1000

    emit({"started": True})
    first = timed(1)
    ops_per_run, last_run, run = 1, first, 0
    if first >= SLOW_RUN_MS:
        emit({"sample": first})
        emit({"note": f"no separate warm-up (a run takes over {SLOW_RUN_MS // 1000} s)"})
        run = 1
    else:
        single = timed(1) if first < 2000 else first
        ops_per_run = min(MAX_OPS_PER_RUN, max(1, math.ceil(MIN_RUN_MS / max(single, 1e-3))))
        last_run = single * ops_per_run
    while run < repeats:
        elapsed = (time.perf_counter() - started) * 1000
        if run > 0 and elapsed + last_run > budget_ms:
            emit({"note": f"{run} of {repeats} runs within the {round(budget_ms / 1000)} s budget"})
            break
        last_run = timed(ops_per_run)
        emit({"sample": last_run / ops_per_run})
        run += 1
    if ops_per_run > 1:
        emit({"note": f"{ops_per_run} ops per timed run"})


def main(spec):
    started = time.perf_counter()
    try:
        import torch
    except ImportError as error:
        emit({"skip": f"torch is not importable by {sys.executable} ({error})"})
        return
    device = spec["engine"]["device"]
    if device == "cuda":
        if not torch.cuda.is_available():
            emit({"skip": f"torch {torch.__version__} sees no CUDA device"})
            return
        # fp32 as tfjs computes it: no TF32 tensor-core shortcuts in matmul or cuDNN
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
        sync = torch.cuda.synchronize
        emit({"note": f"torch {torch.__version__}, {torch.cuda.get_device_name()}, TF32 off"})
    else:
        sync = lambda: None
        emit({"note": f"torch {torch.__version__}, {torch.get_num_threads()} threads"})
    torch.manual_seed(0)
    workload = spec["workload"]
    if workload["kind"] == "matmul":
        run_ops = matmul_workload(torch, workload["n"], device, sync)
    else:
        run_ops = bert_step_workload(torch, workload, device)
    measure(run_ops, spec["repeats"], spec["budgetMs"], started)


if __name__ == "__main__":
    try:
        main(json.loads(sys.argv[1]))
    except Exception as error:  # the table shows it in the row instead of losing it in stderr
        emit({"error": f"{type(error).__name__}: {error}"})
