/**
 * A small typed Python AST of our own, built from the @lezer/python tree.
 * Every node carries its source span (character offsets into the document),
 * so every number we compute can point back at the code that produced it.
 */

/** Half-open character range [from, to) in the document text. */
export interface Span {
  from: number;
  to: number;
}

export type Expr =
  | NameExpr
  | NumberExpr
  | StringExpr
  | ConstExpr
  | AttributeExpr
  | SubscriptExpr
  | SliceExpr
  | CallExpr
  | BinOpExpr
  | UnaryExpr
  | BoolOpExpr
  | CompareExpr
  | IfExpr
  | SeqExpr
  | DictExpr
  | CompExpr
  | LambdaExpr
  | StarredExpr
  | NamedExpr
  | OpaqueExpr;

export interface NameExpr { kind: 'Name'; id: string; span: Span }
/** An int literal keeps its exact value when it is a safe integer; floats are plain numbers. */
export interface NumberExpr { kind: 'Number'; value: number; isInt: boolean; raw: string; span: Span }
/** `fstring` is true for f-strings: `parts` then holds their literal text and replacement fields. */
export interface StringExpr { kind: 'String'; value: string; fstring: boolean; bytes: boolean; parts?: FStringPart[]; span: Span }
export type FStringPart = string | { expr: Expr; conversion?: string; spec?: string };
export interface ConstExpr { kind: 'Const'; value: true | false | null | 'Ellipsis'; span: Span }
export interface AttributeExpr { kind: 'Attribute'; object: Expr; attr: string; attrSpan: Span; span: Span }
/** `a[i]`; `a[i, j]` has a Tuple index, `a[1:2]` a Slice. */
export interface SubscriptExpr { kind: 'Subscript'; object: Expr; index: Expr; span: Span }
export interface SliceExpr { kind: 'Slice'; lower?: Expr; upper?: Expr; step?: Expr; span: Span }
export interface CallExpr { kind: 'Call'; func: Expr; args: Arg[]; span: Span; argsSpan: Span }
export interface BinOpExpr { kind: 'BinOp'; op: string; left: Expr; right: Expr; span: Span }
export interface UnaryExpr { kind: 'Unary'; op: '-' | '+' | '~' | 'not'; operand: Expr; span: Span }
export interface BoolOpExpr { kind: 'BoolOp'; op: 'and' | 'or'; left: Expr; right: Expr; span: Span }
/** A comparison chain `a < b <= c`: ops[i] compares operands[i] and operands[i + 1]. */
export interface CompareExpr { kind: 'Compare'; operands: Expr[]; ops: string[]; span: Span }
export interface IfExpr { kind: 'IfExp'; test: Expr; body: Expr; orelse: Expr; span: Span }
export interface SeqExpr { kind: 'Tuple' | 'List' | 'Set'; elts: Expr[]; span: Span }
export interface DictExpr { kind: 'Dict'; items: DictItem[]; span: Span }
export type DictItem = { key: Expr; value: Expr } | { spread: Expr };
export interface Comprehension { target: Expr; iter: Expr; ifs: Expr[] }
export interface CompExpr {
  kind: 'Comp';
  type: 'list' | 'set' | 'generator' | 'dict';
  /** The element; for dict comprehensions, the key. */
  elt: Expr;
  /** Dict comprehensions only. */
  value?: Expr;
  generators: Comprehension[];
  span: Span;
}
export interface LambdaExpr { kind: 'Lambda'; params: Param[]; body: Expr; span: Span }
export interface StarredExpr { kind: 'Starred'; value: Expr; double: boolean; span: Span }
export interface NamedExpr { kind: 'Named'; target: NameExpr; value: Expr; span: Span }
/** Something we do not model (await, yield, a syntax error): `reason` says what. */
export interface OpaqueExpr { kind: 'Opaque'; reason: string; span: Span }

export type Arg =
  | { kind: 'positional'; value: Expr; span: Span }
  | { kind: 'keyword'; name: string; nameSpan: Span; value: Expr; span: Span }
  | { kind: 'star'; value: Expr; span: Span }
  | { kind: 'doubleStar'; value: Expr; span: Span };

export interface Param {
  name: string;
  kind: 'normal' | 'varargs' | 'kwonly' | 'varkw';
  default?: Expr;
  annotation?: Expr;
  span: Span;
}

export type Stmt =
  | { kind: 'Expr'; value: Expr; span: Span }
  | { kind: 'Assign'; targets: Expr[]; value: Expr; annotation?: Expr; span: Span }
  | { kind: 'AnnAssign'; target: Expr; annotation: Expr; span: Span }
  | { kind: 'AugAssign'; target: Expr; op: string; value: Expr; span: Span }
  | FunctionDef
  | ClassDef
  | { kind: 'Return'; value?: Expr; span: Span }
  | { kind: 'If'; test: Expr; body: Stmt[]; orelse: Stmt[]; span: Span }
  | { kind: 'For'; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[]; span: Span }
  | { kind: 'While'; test: Expr; body: Stmt[]; orelse: Stmt[]; span: Span }
  | { kind: 'Break' | 'Continue' | 'Pass'; span: Span }
  | { kind: 'Import'; names: { module: string; asname?: string; span: Span }[]; span: Span }
  | { kind: 'ImportFrom'; level: number; module: string; names: { name: string; asname?: string; span: Span }[]; star: boolean; span: Span }
  | { kind: 'Try'; body: Stmt[]; handlers: ExceptHandler[]; orelse: Stmt[]; finalbody: Stmt[]; span: Span }
  | { kind: 'With'; items: { context: Expr; target?: Expr }[]; body: Stmt[]; span: Span }
  | { kind: 'Raise'; exc?: Expr; span: Span }
  | { kind: 'Global' | 'Nonlocal'; names: string[]; span: Span }
  | { kind: 'Delete'; targets: Expr[]; span: Span }
  | { kind: 'Assert'; test: Expr; msg?: Expr; span: Span }
  | { kind: 'Opaque'; reason: string; span: Span };

export interface ExceptHandler { type?: Expr; name?: string; body: Stmt[]; span: Span }

export interface FunctionDef {
  kind: 'FunctionDef';
  name: string;
  nameSpan: Span;
  params: Param[];
  body: Stmt[];
  decorators: Expr[];
  returns?: Expr;
  isAsync: boolean;
  span: Span;
}

export interface ClassDef {
  kind: 'ClassDef';
  name: string;
  nameSpan: Span;
  bases: Arg[];
  body: Stmt[];
  decorators: Expr[];
  span: Span;
}

export interface Module {
  body: Stmt[];
  /** Spans lezer could not parse; analysis still runs on everything else. */
  syntaxErrors: Span[];
}
