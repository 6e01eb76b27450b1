// Object keys in the report bucket: written by the functions, granted by the constructs.

const INVENTORY = 'inventory/';
const COMPLIANCE = 'compliance/';

export const REPORT_KEYS = {
  inventoryPrefix: INVENTORY,
  /** The whole latest inventory (over 1 GB at 500,000 secrets). */
  inventoryLatestJson: `${INVENTORY}latest.json`,
  inventoryLatestMarkdown: `${INVENTORY}latest.md`,
  inventoryBadge: `${INVENTORY}badge.svg`,
  /** A header line, then one SecretRecord per line: what the compliance report reads. */
  inventoryFacts: `${INVENTORY}latest.facts.ndjson`,
  /** The scan's memory between runs (first seen, last alerted, policy facts), one line per secret. */
  inventoryState: `${INVENTORY}state.json`,
  compliancePrefix: COMPLIANCE,
  complianceLatestJson: `${COMPLIANCE}latest.json`,
} as const;
