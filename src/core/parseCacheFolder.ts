/**
 * The parse cache as a folder of entries (issue 20), one per source file, for the CLI and the editor's worker. The
 * folder and its two operations are the surface's (a cache folder under ~/.cache, the extension's storage); what
 * is stored, and whether it still holds, is decided here. Safe by construction: an entry is written whole or not
 * at all (the surface writes a temporary file and renames it), a reader checks version, path and text, and a
 * failure to write (a read-only folder, a full disk) only means a miss next time.
 */
import type { Module } from './python/ast';
import { deserializeModule, serializeModule, type ContentHash, type ParseCache } from './python/moduleCache';

export interface CacheFolderIo {
  /** An entry's text, or undefined (missing, unreadable). */
  read(path: string): string | undefined;
  /** Write an entry whole (temporary file, then rename); false when it could not be written. */
  write(path: string, data: string | Uint8Array): boolean;
  /**
   * Remove the least recently written entries past `keep`: a cache must not grow without end. Only regular files
   * whose names end in `suffix` (.ast by default) and match `named` (the cache's own naming) are removed.
   */
  prune?(dir: string, keep: number, suffix?: string, named?: RegExp): void;
}

/** Entries a folder keeps: about as many library files as a few large projects import (torchvision alone reads 17). */
export const MAX_ENTRIES = 2000;

export interface FolderParseCache extends ParseCache {
  /** Files parsed in this run that a later run could read back, not written yet. */
  readonly pending: readonly { path: string; text: string; module: Module }[];
  /** Write what is pending; how many entries were written. */
  flush(): number;
  /** Entries read back in this run (hits), and files parsed and offered (misses). */
  readonly stats: { hits: number; misses: number };
}

/** The entry's name for a source path: a hash of the path, and its file name for whoever looks in the folder. */
export function entryName(path: string, hash: ContentHash): string {
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 60);
  return `${hash(path).slice(0, 40)}-${base}.ast`;
}

/** What an entry's name looks like (entryName): a prune removes only files named so. */
export const ENTRY_NAME = /^[0-9a-f]{40}-[A-Za-z0-9_.-]{0,60}\.ast$/;

/**
 * `cacheable`: which source files are worth storing. Files that do not change (installed packages, files outside
 * the workspace); the files being edited would only churn the folder.
 */
export function folderParseCache(dir: string, io: CacheFolderIo, cacheable: (path: string) => boolean, hash: ContentHash): FolderParseCache {
  const pending: { path: string; text: string; module: Module }[] = [];
  const stats = { hits: 0, misses: 0 };
  const at = (path: string) => `${dir}/${entryName(path, hash)}`;
  return {
    pending,
    stats,
    get(path, text) {
      if (!cacheable(path)) return undefined;
      const entry = io.read(at(path));
      const module = entry === undefined ? undefined : deserializeModule(entry, path, text, hash);
      if (module) stats.hits++;
      return module;
    },
    parsed(path, text, module) {
      if (!cacheable(path)) return;
      stats.misses++;
      pending.push({ path, text, module });
    },
    flush() {
      let written = 0;
      for (const p of pending.splice(0)) if (io.write(at(p.path), serializeModule(p.path, p.text, p.module, hash))) written++;
      if (written) io.prune?.(dir, MAX_ENTRIES, '.ast', ENTRY_NAME);
      return written;
    },
  };
}

/** The Node calls a surface passes in (core imports no Node module), with the open flags of node:fs's constants. */
export interface NodeFolderFs {
  readdirSync(p: string): string[];
  lstatSync(p: string, o: { throwIfNoEntry: false }): NodeStat | undefined;
  fstatSync(fd: number): NodeStat;
  openSync(p: string, flags: number, mode?: number): number;
  closeSync(fd: number): void;
  readFileSync(fd: number, encoding: 'utf8'): string;
  writeSync(fd: number, data: string | Uint8Array): number;
  renameSync(from: string, to: string): void;
  mkdirSync(p: string, o: { recursive: true; mode: number }): unknown;
  unlinkSync(p: string): void;
  readonly constants: { O_RDONLY: number; O_WRONLY: number; O_CREAT: number; O_EXCL: number; O_NOFOLLOW: number };
}

export interface NodeStat {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  size: number;
  mtimeMs: number;
}

/** Entries are ours, but a folder anyone can write to may hold anything: one larger than this is not read. */
const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

/**
 * CacheFolderIo over Node's calls. Nothing in a cache folder is followed through a link (a link in place of an
 * entry or a subfolder, made by someone who could write there, would read or write elsewhere): a read opens with
 * O_NOFOLLOW and checks it got a regular file of bounded size; a write creates a new temporary file (O_EXCL, so
 * not one a link points at), private to the user, in a folder that is a folder, then renames it over the entry, so
 * a reader never sees half of one and two writers never mix; a prune removes only regular files whose names are
 * the cache's own (`named`).
 */
export function nodeCacheFolderIo(fs: NodeFolderFs, unique: () => string): CacheFolderIo {
  const c = fs.constants;
  const realFolder = (dir: string) => fs.lstatSync(dir, { throwIfNoEntry: false })?.isDirectory() === true;
  return {
    read(p) {
      let fd: number | undefined;
      try {
        fd = fs.openSync(p, c.O_RDONLY | c.O_NOFOLLOW);
        const s = fs.fstatSync(fd);
        return s.isFile() && s.size <= MAX_ENTRY_BYTES ? fs.readFileSync(fd, 'utf8') : undefined;
      } catch {
        return undefined;
      } finally {
        if (fd !== undefined) fs.closeSync(fd);
      }
    },
    write(p, data) {
      const dir = p.slice(0, p.lastIndexOf('/')) || '/';
      const tmp = `${p}.${unique()}.tmp`;
      let fd: number | undefined;
      try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        if (!realFolder(dir)) return false;
        fd = fs.openSync(tmp, c.O_WRONLY | c.O_CREAT | c.O_EXCL | c.O_NOFOLLOW, 0o600);
        fs.writeSync(fd, data);
        fs.closeSync(fd);
        fd = undefined;
        fs.renameSync(tmp, p);
        return true;
      } catch {
        try {
          if (fd !== undefined) fs.closeSync(fd);
          fs.unlinkSync(tmp);
        } catch {
          // Never written: nothing to remove.
        }
        return false;
      }
    },
    prune(dir, keep, suffix = '.ast', named) {
      try {
        if (!realFolder(dir)) return;
        const ours = fs.readdirSync(dir).filter((n) => n.endsWith(suffix) && (!named || named.test(n)));
        const files = ours.map((n) => ({ n, s: fs.lstatSync(`${dir}/${n}`, { throwIfNoEntry: false }) })).filter((f) => f.s?.isFile());
        if (files.length <= keep) return;
        const dated = files.sort((a, b) => a.s!.mtimeMs - b.s!.mtimeMs);
        // Down to three quarters, so that a full folder is not pruned on every write.
        for (const { n } of dated.slice(0, files.length - Math.floor(keep * 0.75))) fs.unlinkSync(`${dir}/${n}`);
      } catch {
        // Another process pruned first, or the folder went: nothing to do.
      }
    },
  };
}

/** Whether a path is inside one of these folders. */
export function insideAny(p: string, roots: Iterable<string>): boolean {
  for (const r of roots) if (p === r || p.startsWith(r.endsWith('/') ? r : `${r}/`)) return true;
  return false;
}
