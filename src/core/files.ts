/**
 * How every surface reads a file from a workspace (issue 18): what is there is not trusted. A symlink can point at
 * /dev/zero, a FIFO or a 20 GB file; a read must never hang or exhaust memory. So a file is stat'ed first (links
 * followed, a loop is an error), only a regular file is read, and only up to a size. Existence is a stat, never a
 * read. The surfaces (CLI, extension) give the two Node calls; the rule is here, once.
 */
import { exact } from './values/format';

/** Source, notes and budget files larger than this are not read (a model file is rarely over 1 MB). */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

export interface FileStat {
  isFile: boolean;
  size: number;
}

/** The two operations a surface provides: stat that follows links (undefined when missing or unreadable), and read. */
export interface FileIo {
  stat(path: string): FileStat | undefined;
  read(path: string): Uint8Array;
}

/**
 * FileIo over Node's statSync and readFileSync, which a surface passes in (core imports no Node module): stat
 * follows links, and a loop or a permission error is "not there".
 */
export function nodeFileIo(
  statSync: (p: string, o: { throwIfNoEntry: false }) => { isFile(): boolean; size: number } | undefined,
  readFileSync: (p: string) => Uint8Array,
): FileIo {
  return {
    stat(p) {
      try {
        const s = statSync(p, { throwIfNoEntry: false });
        return s && { isFile: s.isFile(), size: s.size };
      } catch {
        return undefined;
      }
    },
    read: (p) => readFileSync(p),
  };
}

/**
 * Where paths really are, over Node's lstatSync and realpathSync: undefined when nothing is there (or a link loops).
 * Imports probe hundreds of candidate files in a few folders, so each folder's real path is found once (a realpath
 * walks every component with lstat) and the file itself is looked at with one lstat, followed in full only when it
 * is a link. `forget` drops what was found: a surface calls it between runs, as links can change in between.
 */
export function nodeRealPaths(
  lstatSync: (p: string, o: { throwIfNoEntry: false }) => { isSymbolicLink(): boolean } | undefined,
  realpathSync: (p: string) => string,
): { real(path: string): string | undefined; forget(): void } {
  const folders = new Map<string, string>();
  return {
    real(p) {
      try {
        const s = lstatSync(p, { throwIfNoEntry: false });
        if (!s) return undefined;
        if (s.isSymbolicLink()) return realpathSync(p);
        const cut = p.lastIndexOf('/');
        const dir = cut <= 0 ? '/' : p.slice(0, cut);
        let real = folders.get(dir);
        if (real === undefined) folders.set(dir, (real = realpathSync(dir)));
        return real === '/' ? `/${p.slice(cut + 1)}` : `${real}/${p.slice(cut + 1)}`;
      } catch {
        return undefined; // a link loop, or gone meanwhile
      }
    },
    forget: () => folders.clear(),
  };
}

export type BoundedRead = { bytes: Uint8Array } | { problem: 'missing' | 'not-a-file' | 'too-large'; size?: number };

export function readBounded(io: FileIo, path: string, limit = MAX_FILE_BYTES): BoundedRead {
  const s = io.stat(path);
  if (!s) return { problem: 'missing' };
  if (!s.isFile) return { problem: 'not-a-file' };
  if (s.size > limit) return { problem: 'too-large', size: s.size };
  try {
    const bytes = io.read(path);
    // A file that grew between the stat and the read is cut off at the limit, never read past it.
    return { bytes: bytes.length > limit ? bytes.subarray(0, limit) : bytes };
  } catch {
    return { problem: 'missing' };
  }
}

/** What core reads files through (FileSystem in ../eval/host.ts): its text, and whether it is there. */
interface Files {
  read(path: string): string | undefined;
  exists?(path: string): boolean;
  readonly roots?: readonly string[];
}

/** Whether a file is there: a stat when the file system has one, never reading a device or a huge file to know. */
export function fileExists(fs: Files, path: string): boolean {
  return fs.exists ? fs.exists(path) : fs.read(path) !== undefined;
}

/** The same files, with one file's text given (an open document's unsaved text, a notebook's joined code). */
export function withText<F extends Files>(fs: F, file: string, text: string): F {
  // Everything else the file system carries (its roots, a parse cache) stays.
  return { ...fs, read: (p: string) => (p === file ? text : fs.read(p)), exists: (p: string) => p === file || fileExists(fs, p) };
}

/** Whether a regular file is there: a stat, never a read. */
export function isFile(io: FileIo, path: string): boolean {
  return io.stat(path)?.isFile === true;
}

/** Why a file was not read, for a message. */
export function unreadable(path: string, r: Exclude<BoundedRead, { bytes: Uint8Array }>, limit = MAX_FILE_BYTES): string {
  if (r.problem === 'too-large') return `${path} is ${Math.round((r.size ?? 0) / 1024 / 1024)} MB, over the ${limit / 1024 / 1024} MB Layer Lens reads`;
  if (r.problem === 'not-a-file') return `${path} is not a regular file (a device, a FIFO or a folder)`;
  return `${path} cannot be read`;
}

/** Files with more lines than this are not analysed (a dense 50,000-line file takes seconds): the editor's default. */
export const MAX_SOURCE_LINES = 20_000;

/** A text's size in lines and characters (the editor knows its line count; the CLI counts). */
export function sourceSize(text: string): { lines: number; chars: number } {
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return { lines, chars: text.length };
}

/**
 * Whether a source is too large to analyse, in lines or in characters: the character limit is 200 a line on
 * average, so that one 10 MB line in an 11-line file is refused as surely as 100,000 short ones. The same rule in
 * the editor (layerLens.maxLines) and the CLI (--max-lines). When too large: what is over, and the limit.
 */
export function tooLargeToAnalyse(size: { lines: number; chars: number }, maxLines = MAX_SOURCE_LINES): { over: string; limit: string } | undefined {
  if (size.lines > maxLines) return { over: `${exact(size.lines)} lines`, limit: exact(maxLines) };
  const maxChars = maxLines * 200;
  if (size.chars > maxChars) return { over: `${exact(size.chars)} characters`, limit: `${exact(maxChars)} (200 a line for ${exact(maxLines)} lines)` };
  return undefined;
}
