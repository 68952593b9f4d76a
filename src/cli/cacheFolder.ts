/**
 * Where the CLI keeps its caches, and why it can trust what it reads back (issue 29). The CLI runs on untrusted
 * pull requests: a cache folder a pull request can write into (one inside the checkout, a relative
 * LAYER_LENS_CACHE_DIR, a folder restored from another run's artifacts) must never decide what it prints, let
 * alone what code it runs.
 *
 * - The folder is private: created 0700, it must be a real folder (not a link), owned by the user, writable by
 *   nobody else, and outside the project being analysed. Otherwise the CLI says so in one line and runs without a
 *   cache.
 * - Every entry is signed with a key that never lives in the cache folder (LAYER_LENS_CACHE_KEY, or a private file
 *   under ~/.config/layer-lens): an entry whose signature does not verify is a miss, so nothing written by anyone
 *   without the key is read back, whatever its name and content.
 * - Keys and recorded files are SHA-256 hashes of their full content.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as nodeFs from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { insideAny, nodeCacheFolderIo, type CacheFolderIo, type ContentHash } from '../core';

/** SHA-256 of a text, hex: every cache key and recorded file's hash. */
export const sha256: ContentHash = (text) => createHash('sha256').update(text).digest('hex');

/** The folder the user asked for (LAYER_LENS_CACHE_DIR, a relative one from here) or the default under ~/.cache. */
export function configuredFolder(): string {
  const env = process.env;
  if (env.LAYER_LENS_CACHE_DIR) return path.resolve(env.LAYER_LENS_CACHE_DIR);
  return path.join(env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'layer-lens', 'parse');
}

export type CacheFolder = { dir: string } | { refused: string };

let checked: { for: string; result: CacheFolder } | undefined;

/**
 * The cache folder, made private and checked, or why it is not used. `project`: the folders being analysed (the
 * working directory's repository, the analysed file's): a cache inside them is one the code under analysis ships.
 */
export function cacheFolder(project: readonly string[]): CacheFolder {
  const dir = configuredFolder();
  const key = `${dir}\n${project.join('\n')}`;
  if (checked?.for === key) return checked.result;
  checked = { for: key, result: check(dir, project) };
  return checked.result;
}

function check(dir: string, project: readonly string[]): CacheFolder {
  const real = (p: string) => {
    try {
      return nodeFs.realpathSync(p);
    } catch {
      return p;
    }
  };
  if (insideAny(dir, project) || insideAny(real(path.dirname(dir)), project.map(real))) {
    return { refused: `it is inside the project being analysed (${project.find((p) => insideAny(dir, [p])) ?? project[0]}), where a pull request could have written it` };
  }
  try {
    nodeFs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    return { refused: `it cannot be made (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  return privateFolder(dir) ?? { dir };
}

/** Why a folder is not private to this user (a link, another owner, writable by others), or undefined. */
export function privateFolder(dir: string): { refused: string } | undefined {
  const s = nodeFs.lstatSync(dir, { throwIfNoEntry: false });
  if (!s) return { refused: 'it is not there' };
  if (s.isSymbolicLink()) return { refused: 'it is a link: a cache folder is never followed elsewhere' };
  if (!s.isDirectory()) return { refused: 'it is not a folder' };
  const uid = process.getuid?.();
  if (uid !== undefined && s.uid !== uid) return { refused: `it belongs to another user (uid ${s.uid})` };
  if (s.mode & 0o022) return { refused: `others can write to it (mode ${(s.mode & 0o777).toString(8)}; chmod 700 makes it private)` };
  return undefined;
}

/** A subfolder of the cache (runs/, code/): made private, and a real folder of the user's, or undefined. */
export function subFolder(root: string, name: string): string | undefined {
  const dir = path.join(root, name);
  try {
    nodeFs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    return undefined;
  }
  return privateFolder(dir) ? undefined : dir;
}

/** The signing key: LAYER_LENS_CACHE_KEY (a CI secret), or a private file created on first use outside the cache. */
export function cacheKey(): Buffer | undefined {
  const env = process.env.LAYER_LENS_CACHE_KEY;
  if (env) return Buffer.from(env, 'utf8');
  const file = path.join(process.env.XDG_CONFIG_HOME || path.join(homedir(), '.config'), 'layer-lens', 'cache-key');
  try {
    nodeFs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      const fd = nodeFs.openSync(file, nodeFs.constants.O_WRONLY | nodeFs.constants.O_CREAT | nodeFs.constants.O_EXCL | nodeFs.constants.O_NOFOLLOW, 0o600);
      nodeFs.writeSync(fd, randomBytes(32).toString('hex'));
      nodeFs.closeSync(fd);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
    }
    const fd = nodeFs.openSync(file, nodeFs.constants.O_RDONLY | nodeFs.constants.O_NOFOLLOW);
    try {
      const s = nodeFs.fstatSync(fd);
      // A key others can read or write is no key.
      if (!s.isFile() || (s.mode & 0o077) || (process.getuid && s.uid !== process.getuid())) return undefined;
      const key = nodeFs.readFileSync(fd, 'utf8').trim();
      return key.length >= 32 ? Buffer.from(key, 'utf8') : undefined;
    } finally {
      nodeFs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/** The signature of an entry: HMAC-SHA-256 of its name and content. */
export function sign(key: Buffer, name: string, data: string | Uint8Array): string {
  return createHmac('sha256', key).update(name).update('\0').update(data).digest('hex');
}

export function verifies(key: Buffer, name: string, data: string | Uint8Array, signature: string): boolean {
  const want = Buffer.from(sign(key, name, data), 'hex');
  const got = Buffer.from(signature, 'hex');
  return got.length === want.length && timingSafeEqual(got, want);
}

const SIGNED = 'layer-lens-signed-1';

/**
 * A folder io whose entries carry their signature on a first line; one that is not signed by this key, or not
 * for this entry's name, reads as missing.
 */
export function signedIo(io: CacheFolderIo, key: Buffer): CacheFolderIo {
  return {
    read(p) {
      const entry = io.read(p);
      const cut = entry?.indexOf('\n') ?? -1;
      if (entry === undefined || cut < 0) return undefined;
      const [tag, signature] = entry.slice(0, cut).split(' ');
      const data = entry.slice(cut + 1);
      return tag === SIGNED && signature && verifies(key, path.basename(p), data, signature) ? data : undefined;
    },
    write(p, data) {
      if (typeof data !== 'string') return false;
      return io.write(p, `${SIGNED} ${sign(key, path.basename(p), data)}\n${data}`);
    },
    prune: io.prune,
  };
}

/** Reads and whole-file writes, never through a link (../core/parseCacheFolder.ts). */
export const plainIo: CacheFolderIo = nodeCacheFolderIo(nodeFs as unknown as Parameters<typeof nodeCacheFolderIo>[0], () => `${process.pid}.${Math.random().toString(36).slice(2)}`);

/** The folder io every CLI cache uses: signed, or none at all when there is no key. */
export function cacheIo(): CacheFolderIo | undefined {
  const key = cacheKey();
  return key && signedIo(plainIo, key);
}
