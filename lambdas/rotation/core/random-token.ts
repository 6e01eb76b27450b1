// Rotation of `random` secrets (signing keys, inter-service tokens): createSecret draws a new
// token into one JSON key, setSecret has nothing to set, testSecret checks the pending value's shape.
// One function serves every random secret of an environment, so per-secret settings come from tags.
import { randomBits } from '../../../contract/random-token';
import { InputError } from '../../shared/errors';
import { DIGITS, LOWERCASE, PUNCTUATION, UPPERCASE, randomString } from './password';
import type { RotationStrategy, StepContext } from './strategy';

const RANDOM_ENCODINGS = ['alphanumeric', 'base64url', 'hex', 'printable'] as const;
type RandomEncoding = (typeof RANDOM_ENCODINGS)[number];

/** Each character carries log2(alphabet size) bits: 6 for base64url, 4 for hex. */
export const ALPHABETS: Readonly<Record<RandomEncoding, string>> = {
  alphanumeric: UPPERCASE + LOWERCASE + DIGITS,
  base64url: `${UPPERCASE}${LOWERCASE}${DIGITS}-_`,
  hex: '0123456789abcdef',
  printable: UPPERCASE + LOWERCASE + DIGITS + PUNCTUATION,
};

export const RANDOM_TAGS = {
  length: 'warden:random-length',
  encoding: 'warden:random-encoding',
  key: 'warden:random-key',
} as const;

const MIN_RANDOM_LENGTH = 16;
const MAX_RANDOM_LENGTH = 4096;

interface RandomTokenSettings {
  /** Characters in the token. */
  readonly length: number;
  readonly encoding: RandomEncoding;
  /** The JSON key that holds the token; other keys of the value are kept. */
  readonly key: string;
}

const DEFAULT_RANDOM_SETTINGS: RandomTokenSettings = { length: 32, encoding: 'base64url', key: 'token' };


/** The floor when RANDOM_MIN_BITS is unset: the catalog's smallest token (16 hex characters). */
const DEFAULT_MIN_RANDOM_BITS = randomBits({ length: MIN_RANDOM_LENGTH, encoding: 'hex' });

type Source = { readonly field: (name: 'length' | 'encoding' | 'key') => string; readonly fix: string };

function parseSettings(raw: Partial<Record<'length' | 'encoding' | 'key', string>>, fallback: RandomTokenSettings, source: Source): RandomTokenSettings {
  let { length, encoding, key } = fallback;
  if (raw.length !== undefined) {
    length = Number(raw.length);
    if (!/^\d+$/.test(raw.length) || length < MIN_RANDOM_LENGTH || length > MAX_RANDOM_LENGTH) {
      throw new InputError(source.field('length'), `must be an integer from ${MIN_RANDOM_LENGTH} to ${MAX_RANDOM_LENGTH}, got "${raw.length}"`, source.fix);
    }
  }
  if (raw.encoding !== undefined) {
    if (!(RANDOM_ENCODINGS as readonly string[]).includes(raw.encoding)) {
      throw new InputError(source.field('encoding'), `must be one of ${RANDOM_ENCODINGS.join(', ')}, got "${raw.encoding}"`, source.fix);
    }
    encoding = raw.encoding as RandomEncoding;
  }
  if (raw.key !== undefined) {
    if (raw.key.trim() === '' || raw.key.length > 128) throw new InputError(source.field('key'), 'must be a JSON key of 1 to 128 characters', source.fix);
    key = raw.key;
  }
  return { length, encoding, key };
}

/**
 * RANDOM_MIN_BITS: the weakest token the catalog declares for this environment (the CDK construct
 * computes it). The tags any TagResource caller could change may not go below it.
 */
export function randomMinBitsFromEnv(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env.RANDOM_MIN_BITS;
  if (raw === undefined || raw === '') return DEFAULT_MIN_RANDOM_BITS;
  const bits = Number(raw);
  if (!/^\d+$/.test(raw) || bits < DEFAULT_MIN_RANDOM_BITS) {
    throw new InputError('environment variable RANDOM_MIN_BITS', `must be an integer of at least ${DEFAULT_MIN_RANDOM_BITS}, got "${raw}"`, 'fix the value on the function (the CDK construct sets it)');
  }
  return bits;
}

/** RANDOM_LENGTH (default 32), RANDOM_ENCODING (default base64url), RANDOM_KEY (default `token`). */
export function randomSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): RandomTokenSettings {
  const pick = (name: string) => (env[name] === '' ? undefined : env[name]);
  const names = { length: 'RANDOM_LENGTH', encoding: 'RANDOM_ENCODING', key: 'RANDOM_KEY' } as const;
  return parseSettings(
    { length: pick(names.length), encoding: pick(names.encoding), key: pick(names.key) },
    DEFAULT_RANDOM_SETTINGS,
    { field: (name) => `environment variable ${names[name]}`, fix: 'fix the value on the function (the CDK construct sets it)' },
  );
}

/** The function's defaults overridden by the secret's `warden:random-*` tags. */
function randomSettingsForSecret(defaults: RandomTokenSettings, tags: Readonly<Record<string, string>>): RandomTokenSettings {
  return parseSettings(
    { length: tags[RANDOM_TAGS.length], encoding: tags[RANDOM_TAGS.encoding], key: tags[RANDOM_TAGS.key] },
    defaults,
    { field: (name) => `tag ${RANDOM_TAGS[name]}`, fix: 'fix or remove the tag on the secret (config/secrets.yaml)' },
  );
}

function jsonObject(ctx: StepContext, secretString: string, which: string, key: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    // The parser's message may quote the value: do not keep it.
    throw ctx.fail(`${which} value is not JSON; a random secret holds a JSON object such as {"${key}": "..."}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw ctx.fail(`${which} value is not a JSON object; a random secret holds a JSON object such as {"${key}": "..."}`);
  }
  return parsed as Record<string, unknown>;
}

export function randomTokenStrategy(defaults: RandomTokenSettings = DEFAULT_RANDOM_SETTINGS, minBits: number = DEFAULT_MIN_RANDOM_BITS): RotationStrategy {
  // A bad tag throws an InputError naming it; rotate() makes it the step's RotationError.
  const settingsOf = (ctx: StepContext) => randomSettingsForSecret(defaults, ctx.description.tags);
  return {
    name: 'random-token',
    async createSecret(ctx) {
      const settings = settingsOf(ctx);
      // Tags are read at every rotation and anyone allowed TagResource could weaken them: refuse
      // a token below the catalog's floor, and a key the current value does not hold (the key the
      // application reads would then never rotate).
      const bits = randomBits(settings);
      if (bits < minBits) {
        throw ctx.fail(
          `tags ${RANDOM_TAGS.length} and ${RANDOM_TAGS.encoding} ask for ${settings.length} ${settings.encoding} characters (${bits} bits), below this environment's floor of ${minBits} bits (its weakest catalog entry); restore the catalog's tags (redeploy) and look for who changed them (runbook: secret-tags-changed)`,
        );
      }
      const current = jsonObject(ctx, (await ctx.current()).secretString, 'AWSCURRENT', settings.key);
      if (typeof current[settings.key] !== 'string') {
        throw ctx.fail(`AWSCURRENT has no string under "${settings.key}" (tag ${RANDOM_TAGS.key}); restore the catalog's tags (redeploy), or put the value under the new key first if the catalog changed it`);
      }
      const token = randomString(ctx.random, ALPHABETS[settings.encoding], settings.length);
      ctx.addSensitive(token);
      return JSON.stringify({ ...current, [settings.key]: token });
    },
    async setSecret() {
      // Nothing holds a random token but the secret itself: consumers read AWSCURRENT.
    },
    async testSecret(ctx) {
      const settings = settingsOf(ctx);
      const pending = await ctx.pending();
      if (!pending) throw ctx.fail(`version ${ctx.token} has no value; run createSecret first`);
      const token = jsonObject(ctx, pending.secretString, 'AWSPENDING', settings.key)[settings.key];
      if (typeof token !== 'string') throw ctx.fail(`AWSPENDING has no string under key "${settings.key}"`);
      if (token.length !== settings.length) throw ctx.fail(`AWSPENDING's "${settings.key}" has ${token.length} characters, expected ${settings.length}`);
      const alphabet = new Set(ALPHABETS[settings.encoding]);
      if (![...token].every((c) => alphabet.has(c))) throw ctx.fail(`AWSPENDING's "${settings.key}" has characters outside the ${settings.encoding} alphabet`);
    },
  };
}
