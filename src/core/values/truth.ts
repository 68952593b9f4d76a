/**
 * Python's truth value testing (`if x:`), over the value model and, for nn containers, their module tree.
 */
import type { RValue } from './value';
import { moduleNodeOf } from './moduleTree';

/** Python truthiness; undefined when it cannot be known. */
export function truthy(v: RValue): boolean | undefined {
  switch (v.kind) {
    case 'int':
    case 'float':
      return v.value !== 0;
    case 'bool':
      return v.value;
    case 'str':
      return v.value.length > 0;
    case 'none':
      return false;
    case 'tuple':
    case 'list':
      return v.items.length > 0;
    case 'dict':
      return v.entries.size > 0;
    case 'opaque':
      return undefined;
    case 'tensor':
      // A one-element tensor whose value is known is as true as that value (`if (lengths > 0).all():`).
      return v.data?.length === 1 ? v.data[0] !== 0 : undefined;
    case 'instance': {
      // An nn container is as true as its length (Python's len() fallback for __bool__).
      const node = moduleNodeOf(v);
      if (node?.native === 'sequential' || node?.native === 'moduleList' || node?.native === 'moduleDict') return node.children.size > 0;
      return true;
    }
    default:
      return true;
  }
}
