#!/usr/bin/env python3
"""Checks a log dir written by write-sample.mjs against real TensorBoard (written for tensorboard 2.21).

    python3 tools/tensorboard-check/check_tensorboard.py [LOGDIR]     (default tools/tensorboard-check/sample)

LOGDIR/expected.json lists what was written. The script
  1. reads every event file with TensorBoard's own record reader (the pure-Python PyRecordReader of
     tensorboard.compat.tensorflow_stub, which checks both CRCs of every record and fails on a truncated one) and
     with event_file_loader.EventFileLoader (its read-time compat layers): exact record counts;
  2. loads LOGDIR with the EventMultiplexer of tensorboard.backend.event_processing.event_multiplexer, keeping
     everything, and compares every scalar, text, histogram, image (PNG decoded) and hparams value, with exact counts;
  3. loads it with plugin_event_multiplexer (what `tensorboard --load_fast=false` serves from) and compares each
     plugin's tags and point counts, and the scalar and text values;
  4. starts `tensorboard --logdir LOGDIR --host 127.0.0.1 --port P --load_fast=false`, then `--load_fast=true`, and
     checks that /data/runs lists the runs and /data/plugin/scalars/scalars?run=R&tag=T serves every scalar, and that
     the HParams plugin lists the sessions.
It prints one PASS/FAIL line per check and a summary, and exits non-zero when anything failed.
"""

import base64
import dataclasses
import hashlib
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib

from tensorboard import version as tensorboard_version
from tensorboard.backend.event_processing import event_accumulator
from tensorboard.backend.event_processing import event_file_loader
from tensorboard.backend.event_processing import event_multiplexer
from tensorboard.backend.event_processing import plugin_event_multiplexer
from tensorboard.compat.proto import event_pb2
from tensorboard.compat.tensorflow_stub import errors as stub_errors
from tensorboard.compat.tensorflow_stub import pywrap_tensorflow as stub_pywrap
from tensorboard.plugins.hparams import api_pb2
from tensorboard.plugins.hparams import metadata as hparams_metadata
from tensorboard.util import tensor_util

RESULTS = []


def check(name, ok, detail=""):
    RESULTS.append((name, bool(ok)))
    print(f"{'PASS' if ok else 'FAIL'}  {name}" + (f"  -- {detail}" if detail and not ok else ""), flush=True)
    return ok


def info(message):
    print(f"      {message}", flush=True)


def run_name(name):
    """Runs as TensorBoard names them: the path relative to the log dir, with the OS separator."""
    return name.replace("/", os.sep)


# ── 1. the record reader ────────────────────────────────────────────────────────────────────────────────────


def event_files(logdir):
    for root, _, names in os.walk(logdir):
        for name in sorted(names):
            if "tfevents" in name:
                yield os.path.join(root, name)


def check_records(logdir, expected):
    wanted = {}
    for run, data in expected["runs"].items():
        for name, count in data["files"].items():
            wanted[os.path.normpath(os.path.join(logdir, run_name(run), name))] = count
    found = [os.path.normpath(p) for p in event_files(logdir)]
    check("event files: exactly the files expected.json lists", sorted(found) == sorted(wanted),
          f"found {sorted(found)}, expected {sorted(wanted)}")
    for path in found:
        short = os.path.relpath(path, logdir)
        reader = stub_pywrap.PyRecordReader_New(path)
        records = []
        error = None
        while True:
            try:
                reader.GetNext()
            except stub_errors.OutOfRangeError:
                break
            except stub_errors.DataLossError as e:
                error = e
                break
            records.append(reader.record())
        check(f"record reader: {short}: every CRC checks, no truncated record", error is None, str(error))
        check(f"record reader: {short}: {wanted.get(path)} records", len(records) == wanted.get(path),
              f"read {len(records)}")
        if records:
            first = event_pb2.Event.FromString(records[0])
            check(f"record reader: {short}: first event is file_version brain.Event:2",
                  first.file_version == "brain.Event:2", repr(first))
        try:
            loaded = list(event_file_loader.EventFileLoader(path).Load())
            check(f"EventFileLoader: {short}: {len(records)} events", len(loaded) == len(records),
                  f"loaded {len(loaded)}")
        except Exception as e:  # noqa: BLE001 - any failure of TensorBoard's loader is what we look for
            check(f"EventFileLoader: {short}: loads", False, repr(e))


# ── 2. the EventMultiplexer ─────────────────────────────────────────────────────────────────────────────────


def decode_png(data):
    """Pixels of an 8-bit, non-interlaced PNG (grey, grey+alpha, RGB, RGBA), as bytes in HWC order."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if zlib.crc32(kind + body) != struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]:
            raise ValueError(f"PNG chunk {kind} has a bad CRC")
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and interlace == 0, f"bit depth {depth}, interlace {interlace}"
    channels = {0: 1, 4: 2, 2: 3, 6: 4}[color]
    raw = zlib.decompress(idat)
    stride = width * channels
    out = bytearray()
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = previous[x]
            c = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += line
        previous = line
    return width, height, channels, bytes(out)


def read(fetch):
    """What a multiplexer returns for a run and tag, or [] where it has no such tag."""
    try:
        return fetch()
    except KeyError:
        return []


def fields_of(record):
    """A histogram value's fields (a dataclass in tensorboard 2.21, a namedtuple before)."""
    return dataclasses.asdict(record) if dataclasses.is_dataclass(record) else record._asdict()


def value_of(v):
    kind = v.WhichOneof("kind")
    return None if kind in (None, "null_value") else getattr(v, kind)


def check_multiplexer(logdir, expected):
    everything = {k: 0 for k in event_accumulator.DEFAULT_SIZE_GUIDANCE}
    mux = event_multiplexer.EventMultiplexer(size_guidance=everything)
    mux.AddRunsFromDirectory(logdir)
    mux.Reload()
    runs = mux.Runs()
    want_runs = {run_name(r) for r in expected["runs"]}
    check("EventMultiplexer: exactly the runs written", set(runs) == want_runs, f"{sorted(runs)} vs {sorted(want_runs)}")
    hparams_content = mux.PluginRunToTagToContent(hparams_metadata.PLUGIN_NAME)
    for name, want in expected["runs"].items():
        run = run_name(name)
        if run not in runs:
            continue
        tags = runs[run]
        kinds = {
            "scalars": sorted(want["scalars"]),
            "tensors": sorted(want["texts"]),
            "histograms": sorted(want["histograms"]),
            "distributions": sorted(want["histograms"]),
            "images": sorted(want["images"]),
            "audio": [],
        }
        for kind, wanted in kinds.items():
            got = sorted(tags.get(kind, []))
            check(f"EventMultiplexer: {name}: {kind} tags ({len(wanted)})", got == wanted, f"{got} vs {wanted}")
        for tag, points in want["scalars"].items():
            got = [[e.step, e.value] for e in read(lambda: mux.Scalars(run, tag))]
            check(f"EventMultiplexer: {name}: scalar {tag}: {len(points)} values", got == points,
                  f"got {got}, expected {points}")
        for tag, points in want["texts"].items():
            events = read(lambda: mux.Tensors(run, tag))
            got = [[e.step, b"".join(e.tensor_proto.string_val).decode("utf-8")] for e in events]
            plugin = read(lambda: mux.SummaryMetadata(run, tag).plugin_data.plugin_name)
            check(f"EventMultiplexer: {name}: text {tag}: {len(points)} values, plugin text",
                  got == points and plugin == "text", f"plugin {plugin!r}, got {got!r}")
        for tag, points in want["histograms"].items():
            got = [[e.step, fields_of(e.histogram_value)] for e in read(lambda: mux.Histograms(run, tag))]
            got = [[s, {k: list(v) if isinstance(v, (list, tuple)) else v for k, v in h.items()}] for s, h in got]
            check(f"EventMultiplexer: {name}: histogram {tag}: {len(points)} values", got == points,
                  f"got {got}" if len(str(got)) < 2000 else f"{len(got)} values differ")
        for tag, points in want["images"].items():
            events = read(lambda: mux.Images(run, tag))
            ok = len(events) == len(points)
            detail = f"{len(events)} images"
            for e, (step, image) in zip(events, points):
                png = e.encoded_image_string
                width, height, channels, pixels = decode_png(png)
                same = (
                    e.step == step and e.width == image["width"] and e.height == image["height"]
                    and hashlib.sha256(png).hexdigest() == image["png_sha256"]
                    and (width, height, channels) == (image["width"], image["height"], image["colorspace"])
                    and pixels == base64.b64decode(image["pixels_base64"])
                )
                ok = ok and same
                if not same:
                    detail = f"step {e.step}: {width}x{height}x{channels}"
            check(f"EventMultiplexer: {name}: image {tag}: {len(points)} PNGs, pixels as written", ok, detail)
        hp = want["hparams"]
        content = hparams_content.get(run, {})
        if hp is None:
            check(f"EventMultiplexer: {name}: no hparams", not content, str(list(content)))
            continue
        wanted_tags = {hparams_metadata.EXPERIMENT_TAG, hparams_metadata.SESSION_START_INFO_TAG,
                       hparams_metadata.SESSION_END_INFO_TAG}
        if not check(f"EventMultiplexer: {name}: hparams experiment, session start and end", set(content) == wanted_tags,
                     str(sorted(content))):
            continue
        experiment = hparams_metadata.parse_experiment_plugin_data(content[hparams_metadata.EXPERIMENT_TAG])
        start = hparams_metadata.parse_session_start_info_plugin_data(content[hparams_metadata.SESSION_START_INFO_TAG])
        end = hparams_metadata.parse_session_end_info_plugin_data(content[hparams_metadata.SESSION_END_INFO_TAG])
        values = {k: value_of(v) for k, v in start.hparams.items()}
        check(f"EventMultiplexer: {name}: {len(hp['hparams'])} hparam values", values == hp["hparams"],
              f"{values} vs {hp['hparams']}")
        types = {
            h.name: api_pb2.DataType.Name(h.type) for h in experiment.hparam_infos
        }
        want_types = {
            k: "DATA_TYPE_BOOL" if isinstance(v, bool) else "DATA_TYPE_FLOAT64" if isinstance(v, (int, float))
            else "DATA_TYPE_STRING"
            for k, v in hp["hparams"].items()
        }
        check(f"EventMultiplexer: {name}: experiment hparam infos", types == want_types, f"{types}")
        metrics = [m.name.tag for m in experiment.metric_infos]
        check(f"EventMultiplexer: {name}: experiment metrics {hp['metrics']}", metrics == hp["metrics"], f"{metrics}")
        check(f"EventMultiplexer: {name}: session status {hp['status']}",
              api_pb2.Status.Name(end.status) == hp["status"], api_pb2.Status.Name(end.status))


# ── 3. the plugin multiplexer (the data behind --load_fast=false) ───────────────────────────────────────────


def check_plugin_multiplexer(logdir, expected):
    everything = {k: 0 for k in event_accumulator.DEFAULT_SIZE_GUIDANCE}
    per_plugin = {"scalars": 0, "histograms": 0, "images": 0, "text": 0, "hparams": 0}
    try:
        mux = plugin_event_multiplexer.EventMultiplexer(size_guidance=everything, tensor_size_guidance=per_plugin)
    except TypeError:
        mux = plugin_event_multiplexer.EventMultiplexer()
    mux.AddRunsFromDirectory(logdir)
    mux.Reload()
    by_plugin = {p: mux.PluginRunToTagToContent(p) for p in ("scalars", "histograms", "images", "text", "hparams")}
    for name, want in expected["runs"].items():
        run = run_name(name)
        for plugin, wanted in (("scalars", want["scalars"]), ("histograms", want["histograms"]),
                               ("images", want["images"]), ("text", want["texts"])):
            got = sorted(by_plugin[plugin].get(run, {}))
            check(f"plugin multiplexer: {name}: {plugin} tags ({len(wanted)})", got == sorted(wanted),
                  f"{got} vs {sorted(wanted)}")
            for tag, points in wanted.items():
                events = read(lambda: mux.Tensors(run, tag))
                ok = len(events) == len(points)
                if ok and plugin == "scalars":
                    ok = [[e.step, tensor_util.make_ndarray(e.tensor_proto).item()] for e in events] == points
                if ok and plugin == "text":
                    ok = [[e.step, tensor_util.make_ndarray(e.tensor_proto).reshape(-1)[0].decode("utf-8")]
                          for e in events] == points
                check(f"plugin multiplexer: {name}: {plugin} {tag}: {len(points)} points", ok, f"{len(events)} read")
        got = sorted(by_plugin["hparams"].get(run, {}))
        check(f"plugin multiplexer: {name}: hparams tags", (len(got) == 3) == (want["hparams"] is not None), str(got))


# ── 4. the server ───────────────────────────────────────────────────────────────────────────────────────────


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(port, path, body=None):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "X-XSRF-Protected": "1"},
        method="GET" if body is None else "POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read().decode("utf-8"))


def preempted(points):
    """The points as a reader that treats a step at or before the last one as a restart keeps them."""
    kept = []
    for step, value in points:
        while kept and kept[-1][0] >= step:
            kept.pop()
        kept.append([step, value])
    return kept


def check_server(logdir, expected, load_fast, timeout):
    label = f"tensorboard --load_fast={'true' if load_fast else 'false'}"
    port = free_port()
    exe = shutil.which("tensorboard")
    command = ([exe] if exe else [sys.executable, "-m", "tensorboard.main"]) + [
        "--logdir", logdir, "--host", "127.0.0.1", "--port", str(port),
        f"--load_fast={'true' if load_fast else 'false'}",
    ]
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    want_runs = {run_name(r): sorted(d["scalars"]) for r, d in expected["runs"].items()}
    try:
        deadline = time.time() + timeout
        runs, tags, last_error = [], {}, None
        while time.time() < deadline:
            if server.poll() is not None:
                break
            try:
                runs = http(port, "/data/runs")
                tags = http(port, "/data/plugin/scalars/tags")
                if all(sorted(tags.get(r, {})) == t for r, t in want_runs.items()):
                    break
            except (urllib.error.URLError, ConnectionError, OSError, ValueError) as e:
                last_error = e
            time.sleep(1)
        log.seek(0)
        tail = log.read()[-3000:]
        if not check(f"{label}: serves /data/runs with every run", set(want_runs) <= set(runs),
                     f"runs {runs}, last error {last_error!r}, exit {server.poll()}, output:\n{tail}"):
            return
        check(f"{label}: /data/plugin/scalars/tags lists every scalar tag of every run",
              all(sorted(tags.get(r, {})) == t for r, t in want_runs.items()), json.dumps(tags)[:2000])
        for name, want in expected["runs"].items():
            for tag, points in want["scalars"].items():
                query = urllib.parse.urlencode({"run": run_name(name), "tag": tag})
                try:
                    served = [[step, value] for _, step, value in http(port, f"/data/plugin/scalars/scalars?{query}")]
                except (urllib.error.URLError, ValueError) as e:
                    check(f"{label}: /data/plugin/scalars/scalars {name} {tag}", False, repr(e))
                    continue
                # the data server keeps the last value of a step written again (HF logs some tags twice a step)
                if served == points:
                    same, how = True, "as written"
                else:
                    same, how = load_fast and served == preempted(points), "the last of each repeated step"
                check(f"{label}: /data/plugin/scalars/scalars?run={name}&tag={tag}: {len(served)} of {len(points)} "
                      f"values, {how}", same, f"served {served}, expected {points}")
        check_hparams_api(label, port, expected)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        os.unlink(log.name)


def check_hparams_api(label, port, expected):
    sessions = sorted(run_name(r) for r, d in expected["runs"].items() if d["hparams"])
    statuses = ["STATUS_UNKNOWN", "STATUS_SUCCESS", "STATUS_FAILURE", "STATUS_RUNNING"]
    try:
        experiment = http(port, "/data/plugin/hparams/experiment", {"experimentName": ""})
        groups = http(port, "/data/plugin/hparams/session_groups",
                      {"experimentName": "", "allowedStatuses": statuses, "startIndex": 0, "sliceSize": 100})
    except (urllib.error.URLError, ValueError) as e:
        body = e.read().decode("utf-8", "replace")[:500] if isinstance(e, urllib.error.HTTPError) else ""
        check(f"{label}: HParams plugin answers /experiment and /session_groups", False, f"{e!r} {body}")
        return
    names = sorted(s["name"] for g in groups.get("sessionGroups", []) for s in g.get("sessions", [])) or sorted(
        g["name"] for g in groups.get("sessionGroups", []))
    info(f"HParams experiment: {len(experiment.get('hparamInfos', []))} hparams, "
         f"{len(experiment.get('metricInfos', []))} metrics; sessions {names}")
    check(f"{label}: HParams tab lists a session for each run with hparams {sessions}", names == sessions,
          json.dumps(groups)[:1500])


def main():
    default = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample")
    logdir = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else default)
    timeout = float(os.environ.get("TB_CHECK_TIMEOUT", "120"))
    with open(os.path.join(logdir, "expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    print(f"tensorboard {tensorboard_version.VERSION}, python {sys.version.split()[0]}, log dir {logdir}", flush=True)
    stages = [
        ("record reader", lambda: check_records(logdir, expected)),
        ("EventMultiplexer", lambda: check_multiplexer(logdir, expected)),
        ("plugin multiplexer", lambda: check_plugin_multiplexer(logdir, expected)),
        ("tensorboard --load_fast=false", lambda: check_server(logdir, expected, False, timeout)),
        ("tensorboard --load_fast=true", lambda: check_server(logdir, expected, True, timeout)),
    ]
    for stage, run in stages:
        try:
            run()
        except Exception as e:  # noqa: BLE001 - a stage that breaks is one failed check, and the others still run
            check(f"{stage}: runs to the end", False, f"{type(e).__name__}: {e}")
    failed = [name for name, ok in RESULTS if not ok]
    print()
    for name in failed:
        print(f"FAILED: {name}")
    print(f"tensorboard-check: {len(RESULTS) - len(failed)} passed, {len(failed)} failed")
    print("PASS" if not failed else "FAIL")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
