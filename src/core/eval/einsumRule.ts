/**
 * torch.einsum's equation over operand shapes, every form PyTorch 1.13 takes: spaces anywhere, an ellipsis in any
 * term (its dims broadcast across the operands), and an implicit output (the ellipsis dims, then the labels used
 * exactly once, in ASCII order). Mult-Adds by the convention: with two or more operands, the product of every
 * label's size and of the broadcast ellipsis dims; one operand alone (a sum, a transpose) multiplies nothing.
 */
import { broadcast, ShapeError } from './tensorShapes';

export function einsumShape(equation: string, shapes: number[][]): { shape: number[]; multAdds: number } {
  const eq = equation.replace(/\s+/g, '');
  const arrow = eq.indexOf('->');
  const lhs = arrow < 0 ? eq : eq.slice(0, arrow);
  const terms = lhs.split(',');
  if (terms.length !== shapes.length) throw new ShapeError(`einsum(): ${terms.length < shapes.length ? 'more' : 'fewer'} operands were provided than specified in the equation`);
  const sizes = new Map<string, number>();
  const counts = new Map<string, number>();
  let ellipsis: number[] | undefined;
  terms.forEach((term, i) => {
    if (!/^[A-Za-z]*(\.\.\.)?[A-Za-z]*$/.test(term)) throw new ShapeError(`einsum(): invalid subscript given in the equation string: '${term}'`);
    const dots = term.indexOf('...');
    const labels = term.replace('...', '');
    const shape = shapes[i];
    const extra = shape.length - labels.length;
    if (dots < 0 ? extra !== 0 : extra < 0) {
      throw new ShapeError(`einsum(): the number of subscripts in the equation (${labels.length}) ${dots < 0 ? 'does not match' : 'is more than'} the number of dimensions (${shape.length}) for operand ${i}${dots < 0 ? ' and no ellipsis was given' : ''}`);
    }
    const dims = dots < 0 ? shape : [...shape.slice(0, dots), ...shape.slice(dots + extra)];
    if (dots >= 0) ellipsis = broadcast(ellipsis ?? [], shape.slice(dots, dots + extra), 'einsum ellipsis');
    [...labels].forEach((c, j) => {
      const prev = sizes.get(c);
      const d = dims[j];
      if (prev !== undefined && prev !== d && prev !== 1 && d !== 1) {
        throw new ShapeError(`einsum(): operands do not broadcast with remapped shapes (original->remapped): subscript ${c} has size ${prev} and ${d}`);
      }
      sizes.set(c, Math.max(prev ?? 1, d));
      counts.set(c, (counts.get(c) ?? 0) + 1);
    });
  });
  let out: number[];
  if (arrow < 0) {
    const once = [...counts].filter(([, n]) => n === 1).map(([c]) => c).sort();
    out = [...(ellipsis ?? []), ...once.map((c) => sizes.get(c)!)];
  } else {
    const rhs = eq.slice(arrow + 2);
    if (!/^[A-Za-z]*(\.\.\.)?[A-Za-z]*$/.test(rhs)) throw new ShapeError(`einsum(): invalid subscript given in the equation string: '${rhs}'`);
    out = [];
    for (const part of rhs.split(/(\.\.\.)/)) {
      if (part === '...') out.push(...(ellipsis ?? []));
      else for (const c of part) {
        if (!sizes.has(c)) throw new ShapeError(`einsum(): output subscript ${c} does not appear in the equation for any input operand`);
        out.push(sizes.get(c)!);
      }
    }
  }
  const product = [...sizes.values(), ...(ellipsis ?? [])].reduce((a, b) => a * b, 1);
  return { shape: out, multAdds: shapes.length > 1 ? product : 0 };
}
