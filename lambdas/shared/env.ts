import { InputError } from './errors';

/** Reads a required environment variable, failing with the variable's name and the fix. */
export function requiredEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new InputError(`environment variable ${name}`, 'is not set', `set ${name} on the function (the CDK construct sets it)`);
  }
  return value;
}

/** Reads an integer environment variable within [min, max], or the default when unset. */
export function integerEnv(name: string, fallback: number, min: number, max: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InputError(`environment variable ${name}`, `must be an integer from ${min} to ${max}, got "${raw}"`, `set ${name} to a whole number in range`);
  }
  return value;
}
