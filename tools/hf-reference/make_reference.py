"""Writes a directory in the format of fixtures/hf-reference/ (forward/, generate/, models/, schedulers.json,
collators.json) from tiny random HF models of the sizes given, so the parity tool can be run on more than the
shipped directory. Needs transformers and torch (CPU is enough).

    python3 tools/hf-reference/make_reference.py OUT --vocab 97 --hidden 48 --layers 3 --heads 6 --seed 7
"""

import argparse
import json
from pathlib import Path

import torch
import transformers as T
from transformers import get_scheduler


def ids(gen, shape, low, high):
    return torch.randint(low, high, shape, generator=gen)


def pad_right(rows, pad):
    width = max(len(r) for r in rows)
    padded = [r + [pad] * (width - len(r)) for r in rows]
    mask = [[1] * len(r) + [0] * (width - len(r)) for r in rows]
    return padded, mask


def random_rows(gen, lengths, low, high):
    return [ids(gen, (n,), low, high).tolist() for n in lengths]


def save_forward(out, name, model, inputs, output_keys):
    model.eval()
    tensors = {k: torch.tensor(v) for k, v in inputs.items()}
    with torch.no_grad():
        result = model(**tensors)
    record = {"inputs": inputs, "loss": result.loss.item()}
    for key in output_keys:
        record[key] = getattr(result, key).tolist()
    (out / "forward" / f"{name}.json").write_text(json.dumps(record))
    model.save_pretrained(out / "models" / name)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out", type=Path)
    p.add_argument("--vocab", type=int, default=97)
    p.add_argument("--hidden", type=int, default=48)
    p.add_argument("--layers", type=int, default=3)
    p.add_argument("--heads", type=int, default=6)
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()
    torch.manual_seed(a.seed)
    gen = torch.Generator().manual_seed(a.seed)
    out = a.out
    for sub in ("forward", "generate", "models"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    V, H, L, NH = a.vocab, a.hidden, a.layers, a.heads
    lengths = [9, 6, 4]

    # BERT heads
    bert = dict(vocab_size=V, hidden_size=H, num_hidden_layers=L, num_attention_heads=NH, intermediate_size=3 * H,
                max_position_embeddings=64, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0,
                initializer_range=0.3, pad_token_id=0)
    rows, mask = pad_right(random_rows(gen, lengths, 1, V), 0)
    types = [[0] * (len(r) // 2) + [1] * (len(r) - len(r) // 2) for r in rows]
    heads = {
        "bert-seqcls": (T.BertForSequenceClassification, dict(num_labels=4), {"labels": [0, 3, 1]}, ["logits"]),
        "bert-tokcls": (T.BertForTokenClassification, dict(num_labels=6),
                        {"labels": [[int(x) % 6 if m else -100 for x, m in zip(r, mr)] for r, mr in zip(rows, mask)]}, ["logits"]),
        "bert-qa": (T.BertForQuestionAnswering, {}, {"start_positions": [1, 2, 0], "end_positions": [4, 3, 2]},
                    ["start_logits", "end_logits"]),
        "bert-mlm": (T.BertForMaskedLM, {},
                     {"labels": [[x if (i % 3 == 1 and m) else -100 for i, (x, m) in enumerate(zip(r, mr))] for r, mr in zip(rows, mask)]},
                     ["logits"]),
    }
    for name, (cls, extra, labels, keys) in heads.items():
        model = cls(T.BertConfig(**bert, **extra))
        inputs = {"input_ids": rows, "attention_mask": mask, "token_type_ids": types, **labels}
        save_forward(out, name, model, inputs, keys)
    choices = [pad_right(random_rows(gen, [5, 7, 3], 1, V), 0) for _ in range(2)]
    mc_inputs = {"input_ids": [c[0] for c in choices], "attention_mask": [c[1] for c in choices], "labels": [2, 0]}
    save_forward(out, "bert-mc", T.BertForMultipleChoice(T.BertConfig(**bert)), mc_inputs, ["logits"])

    # GPT-2
    gpt2 = T.GPT2LMHeadModel(T.GPT2Config(vocab_size=V, n_embd=H, n_layer=L, n_head=NH, n_positions=64, resid_pdrop=0.0,
                                          embd_pdrop=0.0, attn_pdrop=0.0, initializer_range=0.3, bos_token_id=1,
                                          eos_token_id=2, pad_token_id=0))
    rows, mask = pad_right(random_rows(gen, lengths, 3, V), 0)
    labels = [[x if m else -100 for x, m in zip(r, mr)] for r, mr in zip(rows, mask)]
    save_forward(out, "gpt2", gpt2, {"input_ids": rows, "attention_mask": mask, "labels": labels}, ["logits"])

    # BART and T5
    bart = T.BartForConditionalGeneration(T.BartConfig(
        vocab_size=V, d_model=H, encoder_layers=L, decoder_layers=L, encoder_attention_heads=NH, decoder_attention_heads=NH,
        encoder_ffn_dim=2 * H, decoder_ffn_dim=2 * H, max_position_embeddings=64, dropout=0.0, attention_dropout=0.0,
        activation_dropout=0.0, init_std=0.3, pad_token_id=1, bos_token_id=0, eos_token_id=2, decoder_start_token_id=2,
        forced_eos_token_id=None))
    t5 = T.T5ForConditionalGeneration(T.T5Config(
        vocab_size=V, d_model=H, d_kv=H // NH, d_ff=2 * H, num_layers=L, num_decoder_layers=L, num_heads=NH,
        relative_attention_num_buckets=8, relative_attention_max_distance=32, dropout_rate=0.0, initializer_factor=4.0,
        pad_token_id=0, eos_token_id=1, decoder_start_token_id=0))
    for name, model, pad, low in (("bart", bart, 1, 3), ("t5", t5, 0, 2)):
        src, src_mask = pad_right(random_rows(gen, lengths, low, V), pad)
        tgt = random_rows(gen, [5, 3, 6], low, V)
        width = max(len(t) for t in tgt)
        labels = [t + [-100] * (width - len(t)) for t in tgt]
        save_forward(out, name, model, {"input_ids": src, "attention_mask": src_mask, "labels": labels}, ["logits"])
        cases = {
            "greedy": dict(do_sample=False, num_beams=1, max_new_tokens=10),
            "beam3": dict(do_sample=False, num_beams=3, max_new_tokens=10, length_penalty=1.0, early_stopping=False),
            "beam3_early": dict(do_sample=False, num_beams=3, max_new_tokens=10, length_penalty=1.0, early_stopping=True),
            "greedy_norepeat2": dict(do_sample=False, num_beams=1, max_new_tokens=10, no_repeat_ngram_size=2),
        }
        record = {"inputs": {"input_ids": src, "attention_mask": src_mask}}
        for case, kwargs in cases.items():
            with torch.no_grad():
                generated = model.generate(input_ids=torch.tensor(src), attention_mask=torch.tensor(src_mask), **kwargs)
            record[case] = {"kwargs": kwargs, "output_ids": generated.tolist()}
        (out / "generate" / f"{name}.json").write_text(json.dumps(record))

    prompt = ids(gen, (2, 5), 3, V).tolist()
    record = {"inputs": {"input_ids": prompt}}
    for case, kwargs in {
        "greedy": dict(do_sample=False, num_beams=1, max_new_tokens=10),
        "beam3": dict(do_sample=False, num_beams=3, max_new_tokens=10, length_penalty=1.0, early_stopping=False),
    }.items():
        with torch.no_grad():
            generated = gpt2.generate(input_ids=torch.tensor(prompt), **kwargs)
        record[case] = {"kwargs": kwargs, "output_ids": generated.tolist()}
    (out / "generate" / "gpt2.json").write_text(json.dumps(record))

    # schedules with other lengths and arguments
    warmup, total = 3, 17
    kinds = {
        "linear": {}, "cosine": {}, "cosine_with_restarts": {"num_cycles": 3}, "polynomial": {"power": 1.5, "lr_end": 0.05},
        "constant": {}, "constant_with_warmup": {}, "inverse_sqrt": {"timescale": 5},
        "cosine_with_min_lr": {"min_lr_rate": 0.2}, "warmup_stable_decay": {"num_decay_steps": 5, "num_stable_steps": 9},
    }
    sched = {"base_lr": 0.5, "num_warmup_steps": warmup, "num_training_steps": total, "types": {}}
    for kind, kwargs in kinds.items():
        opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.5)
        s = get_scheduler(kind, opt, num_warmup_steps=warmup, num_training_steps=total, scheduler_specific_kwargs=kwargs)
        lrs = []
        for _ in range(total + 1):
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            s.step()
        sched["types"][kind] = {"kwargs": kwargs, "lr": lrs}
    (out / "schedulers.json").write_text(json.dumps(sched))

    # collators with another pad id
    from tokenizers import Tokenizer, models
    from transformers import DataCollatorForSeq2Seq, DataCollatorForTokenClassification, DataCollatorWithPadding

    pad = 5
    word_level = models.WordLevel({f"t{i}": i for i in range(V)}, unk_token="t6")
    tok = T.PreTrainedTokenizerFast(tokenizer_object=Tokenizer(word_level), pad_token=f"t{pad}")
    feats = [{"input_ids": r, "labels": ids(gen, (len(r) // 2 + 1,), 7, V).tolist()} for r in random_rows(gen, [4, 11, 2, 7], 7, V)]
    cases = {}
    cls_feats = [{"input_ids": f["input_ids"], "label": i % 3} for i, f in enumerate(feats)]
    for suffix, mult in (("", None), ("_mult8", 8)):
        cases["with_padding" + suffix] = {k: v.tolist() for k, v in DataCollatorWithPadding(tok, pad_to_multiple_of=mult)(cls_feats).items()}
        cases["seq2seq" + suffix] = {k: v.tolist() for k, v in DataCollatorForSeq2Seq(tok, pad_to_multiple_of=mult)(
            [dict(f) for f in feats]).items()}
    tok_feats = [{"input_ids": f["input_ids"], "labels": [x % 4 for x in f["input_ids"]]} for f in feats]
    tc = {k: v.tolist() for k, v in DataCollatorForTokenClassification(tok)([dict(f) for f in tok_feats]).items()}
    tc["features"] = tok_feats
    cases["token_classification"] = tc
    (out / "collators.json").write_text(json.dumps({"features": feats, "pad_token_id": pad, "cases": cases}))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
