/**
 * The merged decoder of an encoder-decoder export (the Xenova layout) decides at every step, through an `If` on its
 * boolean input `use_cache_branch`, whether to compute the cross-attention keys and values from the encoder's output
 * (the first step) or to take them from its cache inputs (every later step), and returns them again as outputs.
 *
 * `cachedStepDecoder` rewrites such a model into one for the later steps only: `use_cache_branch` becomes a constant
 * `true` (an initializer instead of an input), and the cross-attention outputs, which the greedy loop never reads
 * after the first step, are no longer outputs. onnxruntime's optimizer then folds the `If` into the branch it always
 * takes and drops what fed only the removed outputs, so a step runs without the `If`'s overhead and copies. Same
 * weights, same arithmetic: the loop's tokens do not change (tests/unit/mt/decoder/cached-step-decoder.test.ts).
 *
 * The rewrite changes no length, so it costs no copy of the file (a copy of a 90 MB decoder takes 0.4 s on a busy
 * machine): the graph's `use_cache_branch` input and cross-attention outputs are turned, in place, into fields of a
 * number GraphProto reserves (3), which a parser skips, and the constant is a second `graph` field appended to the
 * model, which protobuf merges into the first (an embedded message seen twice is merged, its repeated fields
 * concatenated). Only the tags of those entries and the names of the graph's inputs and outputs are read.
 */
import { open } from 'node:fs/promises';
import protobuf from 'protobufjs/minimal';

// Field numbers of onnx.proto, and the wire types they use.
const MODEL_GRAPH = 7; // ModelProto.graph
const GRAPH_INITIALIZER = 5; // GraphProto.initializer
const GRAPH_INPUT = 11; // GraphProto.input
const GRAPH_OUTPUT = 12; // GraphProto.output
const VALUE_INFO_NAME = 1; // ValueInfoProto.name
const TENSOR_DIMS = 1; // TensorProto.dims
const TENSOR_DATA_TYPE = 2; // TensorProto.data_type
const TENSOR_INT32_DATA = 5; // TensorProto.int32_data
const TENSOR_NAME = 8; // TensorProto.name
const TENSOR_BOOL = 9; // TensorProto.DataType.BOOL
const VARINT = 0;
const LENGTH_DELIMITED = 2;

export const CACHE_BRANCH_INPUT = 'use_cache_branch';
/** Outputs of the cross-attention cache: the same values as the matching inputs once the cache is used. */
export const CROSS_ATTENTION_OUTPUT = /^present\.\d+\.encoder\.(key|value)$/;

interface Field {
  field: number;
  wire: number;
  /** The whole field, tag included. */
  bytes: Uint8Array;
  /** The payload of a length-delimited field. */
  body: Uint8Array | null;
}

function fieldsOf(message: Uint8Array): Field[] {
  const reader = protobuf.Reader.create(message);
  const fields: Field[] = [];
  while (reader.pos < reader.len) {
    const start = reader.pos;
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    let body: Uint8Array | null = null;
    if (wire === LENGTH_DELIMITED) {
      const length = reader.uint32();
      if (reader.pos + length > reader.len) throw new RangeError('truncated protobuf field');
      body = message.subarray(reader.pos, reader.pos + length);
      reader.pos += length;
    } else {
      reader.skipType(wire);
    }
    fields.push({ field, wire, bytes: message.subarray(start, reader.pos), body });
  }
  return fields;
}

function lengthDelimited(field: number, body: Uint8Array): Uint8Array {
  const head = protobuf.Writer.create()
    .uint32((field << 3) | LENGTH_DELIMITED)
    .uint32(body.length)
    .finish();
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

/** The TensorProto of the constant `use_cache_branch = true`: a BOOL of shape [1], its value in int32_data (packed). */
function cacheBranchTrue(): Uint8Array {
  const tag = (field: number, wire: number) => (field << 3) | wire;
  return protobuf.Writer.create()
    .uint32(tag(TENSOR_DIMS, LENGTH_DELIMITED))
    .fork()
    .int64(1)
    .ldelim()
    .uint32(tag(TENSOR_DATA_TYPE, VARINT))
    .int32(TENSOR_BOOL)
    .uint32(tag(TENSOR_INT32_DATA, LENGTH_DELIMITED))
    .fork()
    .int32(1)
    .ldelim()
    .uint32(tag(TENSOR_NAME, LENGTH_DELIMITED))
    .string(CACHE_BRANCH_INPUT)
    .finish();
}

/** What is appended to the model: a second `graph` field holding the constant `use_cache_branch = true`. */
export const CACHED_STEP_TAIL: Uint8Array = lengthDelimited(
  MODEL_GRAPH,
  lengthDelimited(GRAPH_INITIALIZER, cacheBranchTrue()),
);

/** The name of a graph input or output (a ValueInfoProto). */
function valueInfoName(body: Uint8Array): string {
  const name = fieldsOf(body).find((f) => f.field === VALUE_INFO_NAME && f.body);
  return name?.body ? protobuf.util.utf8.read(name.body, 0, name.body.length) : '';
}

/** A GraphProto field number the schema reserves: parsers skip it. */
const RESERVED_GRAPH_FIELD = 3;
const SKIPPED_TAG = (RESERVED_GRAPH_FIELD << 3) | LENGTH_DELIMITED;

/**
 * Rewrites a merged decoder into the decoder for the cached steps, in place: `buffer` holds the model's bytes in its
 * first `length` bytes, followed by at least CACHED_STEP_TAIL.length spare bytes. Returns the rewritten model (a view of
 * `buffer`), or null, with `buffer` untouched, when the model is not a merged decoder (no `use_cache_branch` input,
 * or no cross-attention outputs). Throws on bytes that are not a protobuf message.
 */
export function rewriteForCachedStep(buffer: Uint8Array, length: number): Uint8Array | null {
  if (buffer.length < length + CACHED_STEP_TAIL.length) throw new RangeError('no room for the appended graph field');
  const model = buffer.subarray(0, length);
  const graphField = fieldsOf(model).find((f) => f.field === MODEL_GRAPH && f.body);
  if (!graphField?.body) return null;
  const skipped: Field[] = [];
  let hadBranchInput = false;
  let droppedOutputs = 0;
  for (const f of fieldsOf(graphField.body)) {
    if (!f.body || (f.field !== GRAPH_INPUT && f.field !== GRAPH_OUTPUT)) continue;
    const name = valueInfoName(f.body);
    if (f.field === GRAPH_INPUT && name === CACHE_BRANCH_INPUT) {
      hadBranchInput = true;
      skipped.push(f);
    } else if (f.field === GRAPH_OUTPUT && CROSS_ATTENTION_OUTPUT.test(name)) {
      droppedOutputs += 1;
      skipped.push(f);
    }
  }
  if (!hadBranchInput || droppedOutputs === 0) return null;
  // Fields 11 and 12 have one-byte tags, as has field 3: the same length, so nothing moves.
  for (const f of skipped) f.bytes[0] = SKIPPED_TAG;
  buffer.set(CACHED_STEP_TAIL, length);
  return buffer.subarray(0, length + CACHED_STEP_TAIL.length);
}

/** rewriteForCachedStep on a copy of `model` (the original is left as it is). */
export function cachedStepDecoder(model: Uint8Array): Uint8Array | null {
  const buffer = new Uint8Array(model.length + CACHED_STEP_TAIL.length);
  buffer.set(model, 0);
  return rewriteForCachedStep(buffer, model.length);
}

/** Reads a merged decoder's file straight into a buffer with room for the tail, and rewrites it there. */
export async function readCachedStepDecoder(file: string): Promise<Uint8Array | null> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.allocUnsafe(size + CACHED_STEP_TAIL.length);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
      if (bytesRead === 0) throw new RangeError(`${file} ended after ${filled} of ${size} bytes`);
      filled += bytesRead;
    }
    return rewriteForCachedStep(buffer, size);
  } finally {
    await handle.close();
  }
}
