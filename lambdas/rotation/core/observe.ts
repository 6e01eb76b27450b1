// One structured log line and the EMF metrics for every rotation step. Only identifiers, the
// outcome and a duration leave the function; messages pass through the step's redaction first.
import { describeError } from '../../shared/errors';
import { METRIC } from '../../shared/metrics';
import type { Clock } from './ports';

/** Satisfied by the Powertools Logger. */
export interface RotationLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

/** Satisfied by the Powertools Metrics (EMF, namespace and `Environment` set by createMetrics). */
export interface RotationMetrics {
  addMetric(name: string, unit: 'Count' | 'Milliseconds', value: number): void;
}

export type StepOutcome = 'completed' | 'already-done';

/** Facts a step fills in as it learns them, read when the step ends. */
export interface StepObservation {
  step?: string;
  secretId?: string;
  /** The event's ClientRequestToken (the version being rotated in): `warden rotate --wait` follows a rotation by it. */
  clientRequestToken?: string;
  secretArn?: string;
  strategy: string;
  /** Fields a strategy added to the log line (ctx.note), e.g. which master stage logged in. */
  details?: Record<string, string>;
  /** Masks known secret values in a text. */
  redact(text: string): string;
}

interface ObserveDeps {
  readonly clock: Clock;
  readonly logger?: RotationLogger;
  readonly metrics?: RotationMetrics;
}

const STEP_LOG_MESSAGE = 'rotation step';

/** Runs `run`, then logs exactly one line and emits the step's metrics, whether it succeeded or not. */
export async function observeStep<T extends { outcome: StepOutcome }>(
  observation: StepObservation,
  deps: ObserveDeps,
  run: () => Promise<T>,
): Promise<T> {
  const started = deps.clock.now().getTime();
  const fields = () => ({
    ...observation.details,
    secretArn: observation.secretArn ?? observation.secretId,
    step: observation.step,
    clientRequestToken: observation.clientRequestToken,
    strategy: observation.strategy,
    durationMs: Math.max(0, deps.clock.now().getTime() - started),
  });
  try {
    const result = await run();
    const f = fields();
    deps.logger?.info(STEP_LOG_MESSAGE, { ...f, outcome: result.outcome });
    deps.metrics?.addMetric(METRIC.rotationStepSucceeded, 'Count', 1);
    deps.metrics?.addMetric(METRIC.rotationStepDuration, 'Milliseconds', f.durationMs);
    if (observation.step === 'finishSecret' && result.outcome === 'completed') deps.metrics?.addMetric(METRIC.rotationCompleted, 'Count', 1);
    return result;
  } catch (error) {
    const f = fields();
    deps.logger?.error(STEP_LOG_MESSAGE, { ...f, outcome: 'failed', error: observation.redact(describeError(error)) });
    deps.metrics?.addMetric(METRIC.rotationStepFailed, 'Count', 1);
    deps.metrics?.addMetric(METRIC.rotationStepDuration, 'Milliseconds', f.durationMs);
    throw error;
  }
}
