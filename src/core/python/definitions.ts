/**
 * The classes and functions a file defines at its top level, read off the text itself (a `class` or `def` at the
 * start of a line): no parse, so the lenses and the side panel place a model at once, on the host, before the
 * engine has answered, and keep their place while the code does not parse.
 */

export interface TopLevelDefinition {
  name: string;
  /** Where its `class` or `def` starts. */
  offset: number;
}

export function topLevelDefinitions(text: string): TopLevelDefinition[] {
  return [...text.matchAll(/^(?:class|def)\s+([A-Za-z_][A-Za-z0-9_]*)/gm)].map((m) => ({ name: m[1], offset: m.index! }));
}

/** The top-level class or function whose body holds `offset`: a statement at the top level between them ends it. */
export function enclosingDefinition(text: string, offset: number): string | undefined {
  const found = topLevelDefinitions(text).filter((d) => d.offset <= offset).pop();
  if (!found) return undefined;
  const between = text.slice(found.offset, offset).split('\n').slice(1);
  // A decorator (@) or a comment at the start of a line does not end it; any other statement there does.
  return between.some((l) => /^[^\s#@]/.test(l)) ? undefined : found.name;
}
