// Number and reference formats both renderers print, so the HTML and Markdown reports read alike.

import type { Reference } from '../core/types';

export const pct = (n: number | null): string => (n === null ? 'n/a' : `${n}%`);
export const signed = (n: number | null): string => (n === null ? 'n/a' : n > 0 ? `+${n}` : `${n}`);
export const referenceText = (r: Reference): string => `${r.framework} ${r.id}`;
