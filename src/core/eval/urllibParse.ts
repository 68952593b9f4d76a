/**
 * urllib.parse as model code uses it: splitting a known string into its parts (timm's `create_model` reads a
 * model name as a URL, `hf-hub:org/name` or a plain `resnet50`). Results are the named tuples Python returns
 * (SplitResult, ParseResult), so both `.path` and `[2]` read them. Parts follow RFC 3986 as CPython 3.11 splits:
 * a scheme only when what comes before the first ':' is a valid scheme name, a netloc only after '//'.
 */
import type { Evaluator } from './evaluator';
import { builtin, type CallSite, type RValue, opaque, str } from '../values/value';

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;
/** Schemes whose URLs urlparse splits `;params` off (CPython's uses_params). */
const USES_PARAMS = new Set(['', 'ftp', 'hdl', 'prospero', 'http', 'imap', 'https', 'shttp', 'rtsp', 'rtspu', 'sip', 'sips', 'mms', 'sftp', 'tel']);
/** Schemes urlunsplit writes with `//` even without a netloc (CPython's uses_netloc). */
const USES_NETLOC = new Set(['', 'ftp', 'http', 'gopher', 'nntp', 'telnet', 'imap', 'wais', 'file', 'mms', 'https', 'shttp', 'snews', 'prospero', 'rtsp', 'rtspu', 'rsync', 'svn', 'svn+ssh', 'sftp', 'nfs', 'git', 'git+ssh', 'ws', 'wss']);

/** CPython's urlsplit on a str: (scheme, netloc, path, query, fragment). */
export function urlsplit(url: string, defaultScheme = '', allowFragments = true): [string, string, string, string, string] {
  // Leading C0 controls and spaces are stripped, and tabs and newlines removed anywhere (as 3.11 does).
  url = url.replace(/^[\x00-\x20]+/, '').replace(/[\t\r\n]/g, '');
  let scheme = defaultScheme;
  const colon = url.indexOf(':');
  if (colon > 0 && SCHEME.test(url.slice(0, colon))) {
    scheme = url.slice(0, colon).toLowerCase();
    url = url.slice(colon + 1);
  }
  let netloc = '';
  if (url.startsWith('//')) {
    const rest = url.slice(2);
    const end = rest.search(/[/?#]/);
    netloc = end < 0 ? rest : rest.slice(0, end);
    url = end < 0 ? '' : rest.slice(end);
  }
  let fragment = '';
  let query = '';
  if (allowFragments && url.includes('#')) [url, fragment] = [url.slice(0, url.indexOf('#')), url.slice(url.indexOf('#') + 1)];
  if (url.includes('?')) [url, query] = [url.slice(0, url.indexOf('?')), url.slice(url.indexOf('?') + 1)];
  return [scheme, netloc, url, query, fragment];
}

/** The module: urlsplit, urlparse (which also splits `;params` off the path's last segment), urlunsplit. */
export function urllibParseModule(interp: Evaluator, namedtuple: RValue): Map<string, RValue> {
  const site0: CallSite = { file: '<urllib.parse>', span: { from: 0, to: 0 } };
  const record = (name: string, fields: string) => interp.call(namedtuple, [str(name), str(fields)], new Map(), site0);
  const splitResult = record('SplitResult', 'scheme netloc path query fragment');
  const parseResult = record('ParseResult', 'scheme netloc path params query fragment');
  const text = (v: RValue | undefined) => (v?.kind === 'str' ? v.value : undefined);
  const args = (name: string, a: RValue[], kwargs: Map<string, RValue>, site: CallSite) => {
    const url = text(a[0] ?? kwargs.get('url'));
    const scheme = a[1] ?? kwargs.get('scheme');
    const fragments = a[2] ?? kwargs.get('allow_fragments');
    if (url === undefined || (scheme !== undefined && text(scheme) === undefined)) return opaque(`urllib.parse.${name}() of a URL not known statically`, site);
    return urlsplit(url, scheme ? text(scheme) : '', fragments === undefined || fragments.kind !== 'bool' || fragments.value);
  };
  return new Map<string, RValue>([
    ['SplitResult', splitResult],
    ['ParseResult', parseResult],
    ['urlsplit', builtin('urllib.parse.urlsplit', (a, kwargs, site) => {
      const parts = args('urlsplit', a, kwargs, site);
      return Array.isArray(parts) ? interp.call(splitResult, parts.map(str), new Map(), site) : parts;
    })],
    ['urlparse', builtin('urllib.parse.urlparse', (a, kwargs, site) => {
      const parts = args('urlparse', a, kwargs, site);
      if (!Array.isArray(parts)) return parts;
      const [scheme, netloc, path, query, fragment] = parts;
      // `;params` of the last path segment, which urlparse keeps apart for the schemes that use them.
      const semi = USES_PARAMS.has(scheme) ? path.indexOf(';', path.lastIndexOf('/') + 1) : -1;
      const [p, params] = semi < 0 ? [path, ''] : [path.slice(0, semi), path.slice(semi + 1)];
      return interp.call(parseResult, [scheme, netloc, p, params, query, fragment].map(str), new Map(), site);
    })],
    ['urlunsplit', builtin('urllib.parse.urlunsplit', ([parts], _k, site) => {
      const items = parts && interp.iterate(parts, site)?.map(text);
      if (!items || items.length !== 5 || items.some((x) => x === undefined)) return opaque('urllib.parse.urlunsplit() of parts not known statically', site);
      const [scheme, netloc, path, query, fragment] = items as string[];
      let url = path;
      if (netloc || (scheme && USES_NETLOC.has(scheme) && !url.startsWith('//'))) url = `//${netloc}${url && !url.startsWith('/') ? '/' : ''}${url}`;
      if (scheme) url = `${scheme}:${url}`;
      if (query) url = `${url}?${query}`;
      if (fragment) url = `${url}#${fragment}`;
      return str(url);
    })],
  ]);
}
