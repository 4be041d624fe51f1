/**
 * Minimal ONNX graph builder plus a streaming protobuf writer.
 *
 * protobufjs can only encode a whole message into one buffer, which would need the full 200+ MB
 * model in memory at once for the bench preset. Instead the graph is encoded without its
 * initializers, and each initializer is framed by hand (lengths are known up front from dims),
 * so only one tensor's bytes exist at a time.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { endianness } from 'node:os';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
type IGraphProto = onnxProto.onnx.IGraphProto;
type INodeProto = onnxProto.onnx.INodeProto;
type IAttributeProto = onnxProto.onnx.IAttributeProto;
type IValueInfoProto = onnxProto.onnx.IValueInfoProto;

export type DType = 'float' | 'int64' | 'int32' | 'int8' | 'uint8' | 'bool';

const DATA_TYPE: Record<DType, number> = {
  float: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  int32: onnx.TensorProto.DataType.INT32,
  int8: onnx.TensorProto.DataType.INT8,
  uint8: onnx.TensorProto.DataType.UINT8,
  bool: onnx.TensorProto.DataType.BOOL,
};
const BYTES: Record<DType, number> = { float: 4, int64: 8, int32: 4, int8: 1, uint8: 1, bool: 1 };

export interface Initializer {
  name: string;
  dtype: DType;
  dims: number[];
  /** Called once, when the tensor is written; must return exactly numel × element-size bytes. */
  produce: () => Uint8Array;
}

export type Dim = number | string;

export const attr = {
  i: (name: string, v: number): IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INT, i: v }),
  f: (name: string, v: number): IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.FLOAT, f: v }),
  ints: (name: string, v: number[]): IAttributeProto => ({
    name,
    type: onnx.AttributeProto.AttributeType.INTS,
    ints: v,
  }),
  g: (name: string, v: IGraphProto): IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.GRAPH, g: v }),
};

export function valueInfo(name: string, dtype: DType, shape?: Dim[]): IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: DATA_TYPE[dtype],
        shape: shape ? { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } : null,
      },
    },
  };
}

export function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** Shared by a model's main graph and its subgraphs: ONNX value names must be unique model-wide. */
class ModelScope {
  counter = 0;
  initializers: Initializer[] = [];
  private constCache = new Map<string, string>();

  addInitializer(init: Initializer): string {
    this.initializers.push(init);
    return init.name;
  }

  constant(dtype: 'float' | 'int64', values: number[], dims: number[]): string {
    const key = `${dtype}:${dims.join('x')}:${values.join(',')}`;
    const cached = this.constCache.get(key);
    if (cached) return cached;
    const name = `const_${this.counter++}`;
    const data = dtype === 'float' ? Float32Array.from(values) : BigInt64Array.from(values.map((v) => BigInt(v)));
    this.addInitializer({ name, dtype, dims, produce: () => bytesOf(data) });
    this.constCache.set(key, name);
    return name;
  }
}

export class GraphBuilder {
  readonly nodes: INodeProto[] = [];
  readonly inputs: IValueInfoProto[] = [];
  readonly outputs: IValueInfoProto[] = [];
  readonly scope: ModelScope;

  constructor(
    readonly name: string,
    parent?: GraphBuilder,
  ) {
    this.scope = parent ? parent.scope : new ModelScope();
  }

  fresh(hint: string): string {
    return `${hint}_${this.scope.counter++}`;
  }

  /** Adds a node; returns its output names (fresh ones unless given). */
  node(opType: string, inputs: string[], outputs: number | string[] = 1, attributes: IAttributeProto[] = []): string[] {
    const outs = typeof outputs === 'number' ? Array.from({ length: outputs }, () => this.fresh(opType)) : outputs;
    this.nodes.push({
      opType,
      input: inputs,
      output: outs,
      name: `${opType}_${this.scope.counter++}`,
      attribute: attributes,
    });
    return outs;
  }

  op(opType: string, inputs: string[], attributes: IAttributeProto[] = [], output?: string): string {
    const [out] = this.node(opType, inputs, output ? [output] : 1, attributes);
    return out as string;
  }

  constant(dtype: 'float' | 'int64', values: number[], dims: number[] = [values.length]): string {
    return this.scope.constant(dtype, values, dims);
  }

  scalar(value: number): string {
    return this.scope.constant('float', [value], []);
  }

  addInitializer(init: Initializer): string {
    return this.scope.addInitializer(init);
  }

  toProto(): IGraphProto {
    return { name: this.name, node: this.nodes, input: this.inputs, output: this.outputs };
  }
}

function varintLength(n: number): number {
  let len = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

function varint(n: number): Uint8Array {
  const out: number[] = [];
  while (n >= 128) {
    out.push((n % 128) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Uint8Array.from(out);
}

// Wire tags (field number << 3 | length-delimited) of the fields written by hand.
const TAG_MODEL_GRAPH = 0x3a; // ModelProto.graph = 7
const TAG_GRAPH_INITIALIZER = 0x2a; // GraphProto.initializer = 5
const TAG_TENSOR_RAW_DATA = 0x4a; // TensorProto.raw_data = 9

/**
 * Streams `graph` as an ONNX model (IR 8, opset 17) to `path`, through a temporary file renamed at
 * the end so an interrupted run never leaves a complete-looking model behind.
 */
export async function writeOnnxModel(path: string, graph: GraphBuilder, producerName: string): Promise<number> {
  if (endianness() !== 'LE') throw new Error('raw_data is little-endian; big-endian hosts are not supported');

  const graphHead = onnx.GraphProto.encode(graph.toProto()).finish();
  const inits = graph.scope.initializers.map((init) => {
    const numel = init.dims.reduce((a, b) => a * b, 1);
    const byteLength = numel * BYTES[init.dtype];
    const header = onnx.TensorProto.encode({
      name: init.name,
      dims: init.dims,
      dataType: DATA_TYPE[init.dtype],
    }).finish();
    const tensorLength = header.length + 1 + varintLength(byteLength) + byteLength;
    return { init, byteLength, header, tensorLength };
  });
  const graphLength = inits.reduce(
    (sum, t) => sum + 1 + varintLength(t.tensorLength) + t.tensorLength,
    graphHead.length,
  );
  const modelHead = onnx.ModelProto.encode({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName,
    producerVersion: '1',
  }).finish();

  const tmp = `${path}.partial-${process.pid}`;
  const out = createWriteStream(tmp);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  const write = async (chunk: Uint8Array): Promise<void> => {
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
  };
  let total = 0;
  try {
    const pieces: Uint8Array[] = [modelHead, Uint8Array.of(TAG_MODEL_GRAPH), varint(graphLength), graphHead];
    for (const p of pieces) {
      await write(p);
      total += p.length;
    }
    for (const t of inits) {
      const frame = Buffer.concat([
        Uint8Array.of(TAG_GRAPH_INITIALIZER),
        varint(t.tensorLength),
        t.header,
        Uint8Array.of(TAG_TENSOR_RAW_DATA),
        varint(t.byteLength),
      ]);
      await write(frame);
      const data = t.init.produce();
      if (data.byteLength !== t.byteLength) {
        throw new Error(`initializer ${t.init.name}: produced ${data.byteLength} bytes, expected ${t.byteLength}`);
      }
      await write(data);
      total += frame.length + data.byteLength;
    }
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
    await rename(tmp, path);
  } catch (err) {
    out.destroy();
    await rm(tmp, { force: true });
    throw err;
  }
  return total;
}
