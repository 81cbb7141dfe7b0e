import type { FileHandle } from "node:fs/promises";
import type { HostTensor } from "@tfjs-trainer/data";
import { type PlannedTensor, type SafetensorsLayout, tensorBytes } from "./serialize.js";
import { isTfTensor, readTfTensorView } from "./tfjs.js";

/**
 * Bytes gathered before one `writev`: enough that the many small tensors of a model (biases, norms) share a system
 * call, few enough that only a handful of tensors' values are held in memory at a time.
 */
const BATCH_BYTES = 16 * 1024 * 1024;
/** Linux's IOV_MAX: the most buffers one `writev` system call takes. */
const BATCH_BUFFERS = 1024;

/**
 * Writes a laid-out file through `handle`: the head, then each tensor's bytes in data-buffer order. Each tfjs tensor
 * is read (asynchronously, which every backend supports) just before it is written, and bytes already in the
 * layout's dtype go out as they were read, so the file is never assembled in memory.
 */
export async function writeLayout(handle: FileHandle, layout: SafetensorsLayout): Promise<void> {
  const batch = new WriteBatch(handle);
  await batch.add(layout.head);
  for (const tensor of layout.tensors) {
    await batch.add(tensorBytes(tensor, await readValues(tensor)));
  }
  await batch.flush();
}

async function readValues(tensor: PlannedTensor): Promise<HostTensor> {
  return isTfTensor(tensor.source) ? readTfTensorView(tensor.source, tensor.name) : tensor.source;
}

/** Buffers waiting to be written together, in file order. */
class WriteBatch {
  private readonly handle: FileHandle;
  private buffers: Uint8Array[] = [];
  private bytes = 0;

  constructor(handle: FileHandle) {
    this.handle = handle;
  }

  async add(buffer: Uint8Array): Promise<void> {
    if (buffer.length === 0) return;
    this.buffers.push(buffer);
    this.bytes += buffer.length;
    if (this.bytes >= BATCH_BYTES || this.buffers.length >= BATCH_BUFFERS) await this.flush();
  }

  async flush(): Promise<void> {
    const buffers = this.buffers;
    this.buffers = [];
    this.bytes = 0;
    await writeAll(this.handle, buffers);
  }
}

/** `writev` until every byte is written: a system call may write fewer bytes than it was given. */
async function writeAll(handle: FileHandle, buffers: Uint8Array[]): Promise<void> {
  let pending = buffers;
  while (pending.length > 0) {
    const { bytesWritten } = await handle.writev(pending);
    if (bytesWritten === 0) throw new Error("the file system accepted no bytes");
    pending = afterWritten(pending, bytesWritten);
  }
}

/** What is left of `buffers` once their first `bytesWritten` bytes are written. */
function afterWritten(buffers: Uint8Array[], bytesWritten: number): Uint8Array[] {
  let skipped = 0;
  let index = 0;
  while (index < buffers.length && skipped + buffers[index].length <= bytesWritten) {
    skipped += buffers[index].length;
    index++;
  }
  const rest = buffers.slice(index);
  if (rest.length > 0) rest[0] = rest[0].subarray(bytesWritten - skipped);
  return rest;
}
