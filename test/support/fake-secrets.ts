// Fake credentials in the real formats, generated at run time from a seed: never real, and never
// literal in the repository (a literal would trip push protection and other scanners). Used by
// the detector table, the scanner tests and the scan benchmark's corpus.

/** A small seeded PRNG (mulberry32): the same seed gives the same corpus. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_NUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const HEX = '0123456789abcdef';
const B64 = `${ALNUM}+/`;
const B64URL = `${ALNUM}-_`;

export class Fakes {
  readonly random: () => number;
  constructor(seed = 1) {
    this.random = seeded(seed);
  }

  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i += 1) out += alphabet[Math.floor(this.random() * alphabet.length)];
    return out;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  awsAccessKeyId(): string {
    return ['AK', 'IA', this.chars(UPPER_NUM, 16)].join('');
  }
  awsSecretAccessKey(): string {
    return this.chars(B64, 40);
  }
  githubClassic(): string {
    return ['gh', 'p_', this.chars(ALNUM, 36)].join('');
  }
  githubFineGrained(): string {
    return ['github', '_pat_', this.chars(ALNUM, 22), '_', this.chars(ALNUM, 59)].join('');
  }
  gitlab(): string {
    return ['gl', 'pat-', this.chars(B64URL.replace('-', '').replace('_', ''), 20)].join('');
  }
  slackBot(): string {
    return ['xo', 'xb-', this.chars('0123456789', 12), '-', this.chars('0123456789', 12), '-', this.chars(ALNUM, 24)].join('');
  }
  slackWebhook(): string {
    return ['https://hooks.', 'slack.com/services/T', this.chars(UPPER_NUM, 8), '/B', this.chars(UPPER_NUM, 8), '/', this.chars(ALNUM, 24)].join('');
  }
  stripeLive(): string {
    return ['sk', '_live_', this.chars(ALNUM, 24)].join('');
  }
  googleApiKey(): string {
    return ['AI', 'za', this.chars(B64URL, 35)].join('');
  }
  openai(): string {
    return ['sk-', 'proj-', this.chars(B64URL, 48)].join('');
  }
  anthropic(): string {
    return ['sk-', 'ant-', 'api03-', this.chars(B64URL, 93), 'AA'].join('');
  }
  npm(): string {
    return ['np', 'm_', this.chars(ALNUM, 36)].join('');
  }
  pypi(): string {
    return ['py', 'pi-', 'AgEIcHlwaS5vcmc', this.chars(B64URL, 60)].join('');
  }
  sendgrid(): string {
    return ['S', 'G.', this.chars(B64URL, 22), '.', this.chars(B64URL, 43)].join('');
  }
  twilio(): string {
    return ['S', 'K', this.chars(HEX, 32)].join('');
  }
  jwt(): string {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    return [part({ alg: 'HS256', typ: 'JWT' }), part({ sub: this.chars(HEX, 12), iat: 1_700_000_000 }), this.chars(B64URL, 43)].join('.');
  }
  password(length = 20): string {
    return this.chars(`${ALNUM}!#%^*_+`, length - 2) + this.chars('0123456789', 1) + this.chars('abcdefghijklmnopqrstuvwxyz', 1);
  }
  privateKey(kind: 'RSA' | 'OPENSSH' | 'EC' = 'RSA'): string {
    const body = Array.from({ length: 6 }, () => this.chars(B64, 64)).join('\n');
    return [`-----BEGIN ${kind} PRIVATE`, ` KEY-----\n${body}\n-----END ${kind} PRIVATE`, ' KEY-----'].join('');
  }
  uuid(): string {
    return [8, 4, 4, 4, 12].map((n) => this.chars(HEX, n)).join('-');
  }
  gitSha(): string {
    return this.chars(HEX, 40);
  }
  integrity(): string {
    return `sha512-${this.chars(B64, 86)}==`;
  }
  base64Blob(length = 120): string {
    return this.chars(B64, length);
  }
}
