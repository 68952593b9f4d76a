/**
 * The file an image in the notes names (`![x](figures/a%20b.png?v=2)` → `figures/a b.png`), or undefined when its
 * percent-encoding is not valid (`%FF`): then the image is not shown, and the rest of the notes still render.
 */
export function imagePath(src: string): string | undefined {
  try {
    return decodeURIComponent(src.split(/[?#]/)[0]);
  } catch {
    return undefined;
  }
}
