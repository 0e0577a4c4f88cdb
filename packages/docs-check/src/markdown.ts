import fs from 'node:fs';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import GithubSlugger from 'github-slugger';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

/** The repository's root folder (this package sits in `packages/docs-check`). */
export const REPO_ROOT = path.resolve(
  resolvePackagePath('@ocm-fl/docs-check'),
  '../..',
);

/**
 * A fenced code block. Its info string is `<language> <check> [key=value ...]`: the check
 * says how a test exercises the block (see `blockChecks.ts`).
 */
export interface CodeBlock {
  /** Path relative to the repository root. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  language: string;
  check?: string;
  options: Record<string, string>;
  content: string;
}

/** A link or image reference in a page. */
export interface DocLink {
  file: string;
  line: number;
  target: string;
}

export interface ParsedPage {
  file: string;
  blocks: CodeBlock[];
  links: DocLink[];
  /** GitHub's anchors of the page's headings. */
  anchors: Set<string>;
}

const markdown = new MarkdownIt({ html: true });

/** Reads the blocks, links and heading anchors of one Markdown file. */
export function parsePage(file: string, text: string): ParsedPage {
  const tokens = markdown.parse(text, {});
  const blocks: CodeBlock[] = [];
  const links: DocLink[] = [];
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  tokens.forEach((token, index) => {
    const line = (token.map?.[0] ?? 0) + 1;
    if (token.type === 'fence') {
      const [language = '', check, ...rest] = token.info.trim().split(/\s+/);
      blocks.push({
        file,
        line,
        language,
        check,
        options: Object.fromEntries(
          rest.map(option => {
            const [key, ...value] = option.split('=');
            return [key, value.join('=')];
          }),
        ),
        content: token.content,
      });
    }
    if (token.type === 'heading_open') {
      const inline = tokens[index + 1];
      const title = (inline.children ?? [])
        .filter(c => c.type === 'text' || c.type === 'code_inline')
        .map(c => c.content)
        .join('');
      anchors.add(slugger.slug(title));
    }
    for (const child of token.children ?? []) {
      const target =
        child.type === 'link_open' || child.type === 'image'
          ? child.attrGet(child.type === 'image' ? 'src' : 'href')
          : undefined;
      if (target) links.push({ file, line, target });
    }
    // Anchors written as HTML, e.g. <a id="..."></a>, count as well.
    if (token.type === 'html_block' || token.type === 'inline') {
      for (const match of token.content.matchAll(/<a (?:id|name)="([^"]+)"/g))
        anchors.add(match[1]);
    }
  });
  return { file, blocks, links, anchors };
}

/** The Markdown files under a folder, relative to the repository root, sorted. */
export function markdownFilesUnder(folder: string): string[] {
  const absolute = path.join(REPO_ROOT, folder);
  if (!fs.existsSync(absolute)) return [];
  return fs
    .readdirSync(absolute, { recursive: true, encoding: 'utf8' })
    .filter(name => name.endsWith('.md'))
    .map(name => path.join(folder, name))
    .sort();
}

/**
 * The documentation that these tests keep honest: everything under docs/ and the READMEs
 * of the packages it describes.
 */
export const DOC_FILES = [
  'README.md',
  ...markdownFilesUnder('docs'),
  'plugins/ocm-fl-backend/README.md',
  'plugins/ocm-fl-node/README.md',
  'plugins/ocm-fl-common/README.md',
  'plugins/scaffolder-backend-module-ocm-fl/README.md',
  'plugins/catalog-backend-module-ocm-fl/README.md',
  'packages/hub-simulator/README.md',
  'packages/cli/README.md',
  'packages/docs-check/README.md',
];

export function readPage(file: string): ParsedPage {
  return parsePage(file, fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));
}
