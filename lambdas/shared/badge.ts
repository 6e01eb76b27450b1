// The one badge renderer: the compliance report's score badge, the inventory's secrets-health badge
// and `warden status --badge` all colour through badgeColour(), so an open critical finding paints
// every badge red, whatever the score: a 98% score must not look green while a secret is public.

import { makeBadge } from 'badge-maker';
import type { Severity } from '../../contract/inventory';

/** shields.io's named colours, worst first. */
const COLOURS = ['red', 'orange', 'yellow', 'brightgreen'] as const;
export type BadgeColour = (typeof COLOURS)[number] | 'lightgrey';

/**
 * The best colour a badge may show while something of this severity is open: red with a critical,
 * at most orange with a high; medium and below leave the colour to the score.
 */
const CEILING: Readonly<Partial<Record<Severity, BadgeColour>>> = { CRITICAL: 'red', HIGH: 'orange' };

/** Colour bands for a 0-100 score. */
export function scoreColour(score: number): BadgeColour {
  if (score >= 95) return 'brightgreen';
  if (score >= 80) return 'yellow';
  if (score >= 60) return 'orange';
  return 'red';
}

/**
 * `colour`, lowered to the ceiling of the worst open severity (null: nothing open). A grey badge
 * (no score) with a critical open turns red: "n/a" must not hide it either.
 */
export function badgeColour(colour: BadgeColour, worstOpen: Severity | null): BadgeColour {
  const ceiling = worstOpen === null ? undefined : CEILING[worstOpen];
  if (ceiling === undefined) return colour;
  if (colour === 'lightgrey') return ceiling;
  return COLOURS.indexOf(ceiling as (typeof COLOURS)[number]) < COLOURS.indexOf(colour) ? ceiling : colour;
}

export function renderBadge(label: string, message: string, colour: BadgeColour): string {
  return makeBadge({ label, message, color: colour });
}
