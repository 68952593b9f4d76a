/** markdown-it-texmath ships no types: what Layer Lens uses of it. */
declare module 'markdown-it-texmath' {
  import type MarkdownIt from 'markdown-it';
  const texmath: MarkdownIt.PluginWithOptions<{ engine?: unknown; delimiters?: string | string[]; katexOptions?: object }>;
  export default texmath;
}
