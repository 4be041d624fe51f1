/**
 * How sure the model was of each token it chose: log p(token) = logit(token) - log Σ exp(logits), the log-probability
 * under its own distribution over the whole vocabulary (the pad token's ban is not renormalized away). The sum over
 * 65,001 logits is the costly part: Math.exp over them in JavaScript took 0.55 ms a row at every step, more than a
 * third of a decoder step's time per row here. So onnxruntime sums them (its vectorized Exp), in a session of two
 * nodes built here, at about 40 µs a row; the loop reads one number per row. Where no such session can be made, the
 * loop sums them itself (greedy-decode.ts), exactly, slower.
 */
import protobuf from 'protobufjs/minimal';
import type { OrtSessionLike, OrtTensorLike } from './greedy-model';

/** The sum of exp(logits) of each row of a [rows, 1, vocabulary] logits tensor. */
export type ExpSums = (logits: OrtTensorLike) => Promise<Float32Array>;

const FLOAT = 1;
const INT64 = 7;
const ATTRIBUTE_INT = 2;
const LENGTH_DELIMITED = 2;
const VARINT = 0;

type Field = (w: protobuf.Writer) => void;
const tag = (field: number, wire: number) => (field << 3) | wire;
const message =
  (field: number, ...body: Field[]): Field =>
  (w) => {
    w.uint32(tag(field, LENGTH_DELIMITED)).fork();
    for (const f of body) f(w);
    w.ldelim();
  };
const text =
  (field: number, value: string): Field =>
  (w) =>
    w.uint32(tag(field, LENGTH_DELIMITED)).string(value);
const integer =
  (field: number, value: number): Field =>
  (w) =>
    w.uint32(tag(field, VARINT)).int64(value);

/** A float tensor's type with named dimensions (TypeProto.tensor_type). */
const floatTensor = (...dims: string[]): Field =>
  message(2, message(1, integer(1, FLOAT), message(2, ...dims.map((d) => message(1, text(2, d))))));

/**
 * The scoring model: logits [rows, 1, vocabulary] in, exp_sums [rows, 1] out, through Exp and ReduceSum over the last
 * axis (opset 13, where ReduceSum takes its axes as an input). Field numbers are onnx.proto's.
 */
export function expSumsModel(): Uint8Array {
  const w = protobuf.Writer.create();
  integer(1, 8)(w); // ModelProto.ir_version
  message(8, integer(2, 13))(w); // ModelProto.opset_import: the default domain, version 13
  message(
    7, // ModelProto.graph
    message(1, text(1, 'logits'), text(2, 'exps'), text(4, 'Exp')), // GraphProto.node
    message(
      1,
      text(1, 'exps'),
      text(1, 'axes'),
      text(2, 'exp_sums'),
      text(4, 'ReduceSum'),
      message(5, text(1, 'keepdims'), integer(20, ATTRIBUTE_INT), integer(3, 0)),
    ),
    text(2, 'paralelo_exp_sums'), // GraphProto.name
    // GraphProto.initializer: axes = [-1] (dims and int64_data unpacked, as proto2 writes repeated numbers)
    message(5, integer(1, 1), integer(2, INT64), integer(7, -1), text(8, 'axes')),
    message(11, text(1, 'logits'), floatTensor('rows', 'steps', 'vocabulary')), // GraphProto.input
    message(12, text(1, 'exp_sums'), floatTensor('rows', 'steps')), // GraphProto.output
  )(w);
  return w.finish();
}

/** ExpSums over a session of the scoring model (expSumsModel), once onnxruntime has loaded it. */
export function expSumsOver(session: OrtSessionLike): ExpSums {
  return async (logits) => (await session.run({ logits }, ['exp_sums'])).exp_sums!.data as Float32Array;
}
