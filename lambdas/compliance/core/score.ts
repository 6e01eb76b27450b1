// Scores per framework, and the trend against the previous report: what got better, what regressed.

import { FRAMEWORKS, type Control, type Evaluation, type Framework, type Status } from './types';

interface Counts {
  readonly compliant: number;
  readonly nonCompliant: number;
  readonly notApplicable: number;
}

export interface ControlResult {
  readonly id: string;
  readonly title: string;
  readonly severity: Control['severity'];
  readonly references: Control['references'];
  /** NON_COMPLIANT when any resource fails; COMPLIANT when some pass and none fail; else NOT_APPLICABLE. */
  readonly status: Status;
  readonly counts: Counts;
  readonly remediation: string;
  readonly runbook: string;
  /** Failing first, then not applicable, then compliant; at most MAX_LISTED_EVALUATIONS (counts are always complete). */
  readonly evaluations: readonly Evaluation[];
  /** Evaluations counted but not listed, so a 500,000-secret account still yields a readable report. */
  readonly omittedEvaluations: number;
}

/** Evaluations listed per control; the counts, scores and trend use all of them. */
const MAX_LISTED_EVALUATIONS = 2000;
const LIST_ORDER: Record<Status, number> = { NON_COMPLIANT: 0, NOT_APPLICABLE: 1, COMPLIANT: 2 };

export interface Score extends Counts {
  /** Percentage of compliant evaluations among those that apply, one decimal; null when none applies. */
  readonly score: number | null;
}

export interface FrameworkScore extends Score {
  readonly framework: Framework;
  readonly controls: number;
}

interface Regression {
  readonly control: string;
  readonly title: string;
  /** Names of the resources failing now (the listed ones; see failingResources for all). */
  readonly resources: readonly string[];
  readonly failingResources: number;
  readonly runbook: string;
}

export interface Trend {
  readonly previousGeneratedAt: string;
  readonly previousScore: number | null;
  readonly scoreDelta: number | null;
  readonly frameworks: readonly { readonly framework: Framework; readonly previous: number | null; readonly current: number | null; readonly delta: number | null }[];
  readonly regressions: readonly Regression[];
  /** Controls failing last time and compliant now. */
  readonly improvements: readonly string[];
}

/** The part of a previous report the trend needs; older reports with the same major version have it. */
export interface PreviousReport {
  readonly generatedAt: string;
  readonly score: { readonly score: number | null };
  readonly frameworks: readonly { readonly framework: string; readonly score: number | null }[];
  readonly controls: readonly { readonly id: string; readonly status: Status }[];
}

function countStatuses(evaluations: readonly Evaluation[]): Counts {
  const count = (status: Status) => evaluations.filter((e) => e.status === status).length;
  return { compliant: count('COMPLIANT'), nonCompliant: count('NON_COMPLIANT'), notApplicable: count('NOT_APPLICABLE') };
}

export function controlStatus(counts: Counts): Status {
  if (counts.nonCompliant > 0) return 'NON_COMPLIANT';
  return counts.compliant > 0 ? 'COMPLIANT' : 'NOT_APPLICABLE';
}

export function evaluateControl(control: Control, evaluations: readonly Evaluation[], maxListed = MAX_LISTED_EVALUATIONS): ControlResult {
  const counts = countStatuses(evaluations);
  // Stable sort: within a status, the order the control produced (the inventory's order).
  const listed = [...evaluations].sort((a, b) => LIST_ORDER[a.status] - LIST_ORDER[b.status]).slice(0, maxListed);
  return {
    id: control.id,
    title: control.title,
    severity: control.severity,
    references: control.references,
    status: controlStatus(counts),
    counts,
    remediation: control.remediation,
    runbook: control.runbook,
    evaluations: listed,
    omittedEvaluations: evaluations.length - listed.length,
  };
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

export function score(results: readonly ControlResult[]): Score {
  const compliant = results.reduce((n, r) => n + r.counts.compliant, 0);
  const nonCompliant = results.reduce((n, r) => n + r.counts.nonCompliant, 0);
  const notApplicable = results.reduce((n, r) => n + r.counts.notApplicable, 0);
  const applicable = compliant + nonCompliant;
  return { score: applicable === 0 ? null : round1((compliant / applicable) * 100), compliant, nonCompliant, notApplicable };
}

/** A framework's score counts every control that cites it. */
export function frameworkScores(results: readonly ControlResult[]): FrameworkScore[] {
  return FRAMEWORKS.map((framework) => {
    const cited = results.filter((r) => r.references.some((ref) => ref.framework === framework));
    return { framework, controls: cited.length, ...score(cited) };
  });
}

const delta = (current: number | null, previous: number | null): number | null => (current === null || previous === null ? null : round1(current - previous));

export function trendAgainst(previous: PreviousReport | null, results: readonly ControlResult[], overall: Score, frameworks: readonly FrameworkScore[]): Trend | null {
  if (previous === null) return null;
  const before = new Map(previous.controls.map((c) => [c.id, c.status]));
  const regressions = results
    .filter((r) => before.get(r.id) === 'COMPLIANT' && r.status === 'NON_COMPLIANT')
    .map((r) => ({ control: r.id, title: r.title, resources: r.evaluations.filter((e) => e.status === 'NON_COMPLIANT').map((e) => e.resourceName), failingResources: r.counts.nonCompliant, runbook: r.runbook }));
  const improvements = results.filter((r) => before.get(r.id) === 'NON_COMPLIANT' && r.status === 'COMPLIANT').map((r) => r.id);
  const previousFrameworks = new Map(previous.frameworks.map((f) => [f.framework, f.score]));
  return {
    previousGeneratedAt: previous.generatedAt,
    previousScore: previous.score.score,
    scoreDelta: delta(overall.score, previous.score.score),
    frameworks: frameworks.map((f) => {
      const was = previousFrameworks.get(f.framework) ?? null;
      return { framework: f.framework, previous: was, current: f.score, delta: delta(f.score, was) };
    }),
    regressions,
    improvements,
  };
}
