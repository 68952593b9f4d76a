/**
 * The parse cache as a folder of entries (issue 20), one per source file, for the CLI and the editor's worker. The
 * folder and its two operations are the surface's (a cache folder under ~/.cache, the extension's storage); what
 * is stored, and whether it still holds, is decided here. Safe by construction: an entry is written whole or not
 * at all (the surface writes a temporary file and renames it), a reader checks version, path and text, and a
 * failure to write (a read-only folder, a full disk) only means a miss next time.
 */
import type { Module } from './python/ast';
import { deserializeModule, serializeModule, textKey, type ParseCache } from './python/moduleCache';

export interface CacheFolderIo {
  /** An entry's text, or undefined (missing, unreadable). */
  read(path: string): string | undefined;
  /** Write an entry whole (temporary file, then rename); false when it could not be written. */
  write(path: string, data: string | Uint8Array): boolean;
  /** Remove the least recently written entries (names ending in `suffix`, .ast by default) past `keep`: a cache must not grow without end. */
  prune?(dir: string, keep: number, suffix?: string): void;
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
export function entryName(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 60);
  return `${textKey(path).replace(':', '-')}-${base}.ast`;
}

/**
 * `cacheable`: which source files are worth storing. Files that do not change (installed packages, files outside
 * the workspace); the files being edited would only churn the folder.
 */
export function folderParseCache(dir: string, io: CacheFolderIo, cacheable: (path: string) => boolean): FolderParseCache {
  const pending: { path: string; text: string; module: Module }[] = [];
  const stats = { hits: 0, misses: 0 };
  const at = (path: string) => `${dir}/${entryName(path)}`;
  return {
    pending,
    stats,
    get(path, text) {
      if (!cacheable(path)) return undefined;
      const entry = io.read(at(path));
      const module = entry === undefined ? undefined : deserializeModule(entry, path, text);
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
      for (const p of pending.splice(0)) if (io.write(at(p.path), serializeModule(p.path, p.text, p.module))) written++;
      if (written) io.prune?.(dir, MAX_ENTRIES);
      return written;
    },
  };
}

/** The Node calls a surface passes in (core imports no Node module). */
export interface NodeFolderFs {
  readdirSync(p: string): string[];
  statSync(p: string, o: { throwIfNoEntry: false }): { isFile(): boolean; size: number; mtimeMs: number } | undefined;
  readFileSync(p: string, encoding: 'utf8'): string;
  writeFileSync(p: string, data: string | Uint8Array): void;
  renameSync(from: string, to: string): void;
  mkdirSync(p: string, o: { recursive: true }): unknown;
  unlinkSync(p: string): void;
}

/** Entries are ours, but a folder anyone can write to may hold anything: one larger than this is not read. */
const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

/**
 * CacheFolderIo over Node's calls: a read stats first (a regular file, not too large); a write goes to a temporary
 * file that is then renamed over the entry, so a reader never sees half of one and two writers never mix.
 */
export function nodeCacheFolderIo(fs: NodeFolderFs, unique: () => string): CacheFolderIo {
  return {
    read(p) {
      try {
        const s = fs.statSync(p, { throwIfNoEntry: false });
        return s?.isFile() && s.size <= MAX_ENTRY_BYTES ? fs.readFileSync(p, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    },
    write(p, data) {
      const tmp = `${p}.${unique()}.tmp`;
      try {
        fs.mkdirSync(p.slice(0, p.lastIndexOf('/')) || '/', { recursive: true });
        fs.writeFileSync(tmp, data);
        fs.renameSync(tmp, p);
        return true;
      } catch {
        try {
          fs.unlinkSync(tmp);
        } catch {
          // Never written: nothing to remove.
        }
        return false;
      }
    },
    prune(dir, keep, suffix = '.ast') {
      try {
        const names = fs.readdirSync(dir).filter((n) => n.endsWith(suffix));
        if (names.length <= keep) return;
        const dated = names.map((n) => ({ n, t: fs.statSync(`${dir}/${n}`, { throwIfNoEntry: false })?.mtimeMs ?? 0 })).sort((a, b) => a.t - b.t);
        // Down to three quarters, so that a full folder is not pruned on every write.
        for (const { n } of dated.slice(0, names.length - Math.floor(keep * 0.75))) fs.unlinkSync(`${dir}/${n}`);
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
