/**
 * TorchOps as the families of torch functions see it (torchFamilies, torchIndices, torchLosses, torchMha,
 * torchProducts, torchSpectral, torchVectors): they take this interface, not the class, so that torchOps.ts
 * registers them without an import circle.
 */
import type { CallSite, RValue, TensorValue } from '../values/value';

/** A torch function as the interpreter calls it. */
export type Impl = (args: RValue[], kwargs: Map<string, RValue>, site: CallSite) => RValue;

/** What a shape operation does with its data: nothing (a view), moves it (a copy), or computes per element. */
export type ShapeOpKind = 'view' | 'copy' | 'elementwise';

export interface TensorOps {
  /** A tensor of this shape (null: not known) made at the call. */
  tensor(shape: number[] | null, site: CallSite, dtype?: string): TensorValue;
  /** A shape error (or an argument PyTorch refuses) at the call: an error, and a tensor not known. */
  fail(message: string, site: CallSite, inputs: RValue[]): TensorValue;
  /** An operation whose output shape `rule` gives from its inputs' shapes, recorded with its figures. */
  shapeOp(op: string, inputs: RValue[], site: CallSite, rule: (shapes: number[][]) => number[] | { shape: number[]; kind: ShapeOpKind }, kind?: ShapeOpKind): RValue;
  /** A functional call's figures, recorded. */
  recordCall(op: string, inputs: number[][], out: number[], site: CallSite, otherOps: number, multAdds: number): void;
  tensorArg(v: RValue | undefined): TensorValue | undefined;
  asTensor(v: RValue): RValue;
  ints(v: RValue | undefined): number[] | undefined;
  dtypeOf(kwargs: Map<string, RValue>): string | undefined;
  /** The set an element-wise result's values are drawn from, when its operands' sets say (TensorValue.among). */
  amongOf(op: string, a: RValue, b: RValue): number[] | undefined;
}
