import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtml } from '../../../lambdas/compliance/render/html';
import { HOSTILE_PRINCIPAL, HOSTILE_SECRET, richReport } from './reports';

const ALLOWED_TAGS = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'header', 'main', 'section', 'h1', 'h2', 'h3', 'p', 'span', 'strong', 'code', 'br', 'img', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'ol', 'ul', 'li', 'details', 'summary']);
const VOID = new Set(['meta', 'br', 'img']);

interface Tag {
  readonly name: string;
  readonly closing: boolean;
  readonly attributes: string;
}

/** Every tag of the document, outside the <style> body (CSS holds no tags but may hold '>'). */
function tags(html: string): Tag[] {
  const withoutStyle = html.replace(/<style>[\s\S]*?<\/style>/, '<style></style>');
  return [...withoutStyle.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)].map((m) => ({ name: m[2]!.toLowerCase(), closing: m[1] === '/', attributes: m[3]! }));
}

describe('the HTML report', () => {
  const html = renderHtml(richReport());

  it('is one complete document', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    for (const name of ['html', 'head', 'title', 'style', 'body', 'main']) expect(tags(html).filter((t) => t.name === name && !t.closing)).toHaveLength(1);
  });

  it('uses only presentational elements, each closed in order', () => {
    const stack: string[] = [];
    for (const tag of tags(html)) {
      expect(ALLOWED_TAGS.has(tag.name), `unexpected <${tag.name}>`).toBe(true);
      if (VOID.has(tag.name)) continue;
      if (tag.closing) expect(stack.pop()).toBe(tag.name);
      else stack.push(tag.name);
    }
    expect(stack).toEqual([]);
  });

  it('lets no data inject a script, an event handler or an element', () => {
    expect(html).not.toMatch(/<script/i);
    for (const tag of tags(html)) expect(tag.attributes).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).toContain(escapeHtml(HOSTILE_SECRET));
    expect(html).toContain(escapeHtml(HOSTILE_PRINCIPAL));
    expect(html).toContain('&lt;script&gt;alert(3)&lt;/script&gt;');
  });

  it('needs nothing from outside: inline CSS, a data: badge, a CSP forbidding scripts', () => {
    expect(html).not.toMatch(/<link|@import|url\(/i);
    for (const tag of tags(html).filter((t) => t.name === 'img')) expect(tag.attributes).toMatch(/src="data:image\/svg\+xml;base64,/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('shows the score, every framework, every control, the trend, the risks and the audit', () => {
    const report = richReport();

    for (const f of report.frameworks) expect(html).toContain(`<td>${escapeHtml(f.framework)}</td>`);
    for (const c of report.controls) expect(html).toContain(`id="control-${escapeHtml(c.id)}"`);
    expect(html).toContain('Regressed: compliant last time, not now');
    expect(html).toContain('docs/runbooks.md#compliance-secret-policy-not-public');
    expect(html).toContain('Cut short (time-budget)');
  });

  it('links runbooks only under a base URL (the published docs/runbooks.md; checked where it enters, see runbook-base-url tests)', () => {
    const linked = renderHtml(richReport(), { runbookBaseUrl: 'https://github.com/acme/secrets-warden/blob/main/docs/runbooks.md' });
    const unlinked = renderHtml(richReport(), { runbookBaseUrl: null });

    expect(linked).toContain('<a href="https://github.com/acme/secrets-warden/blob/main/docs/runbooks.md#compliance-secretsmanager-1">');
    expect(unlinked).not.toContain('<a ');
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML specials', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
