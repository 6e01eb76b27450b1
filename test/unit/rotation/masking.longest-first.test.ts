import { describe, expect, it } from 'vitest';
import { REDACTED, redactText } from '../../../lambdas/shared/redact';

describe('masking known secret values in a message', () => {
  it('masks a value whole even when a shorter known value sits inside it', () => {
    const message = 'cannot log in with hunter22!xyz or hunter22';

    const masked = redactText(message, ['hunter22', 'hunter22!xyz']);

    expect(masked).toBe(`cannot log in with ${REDACTED} or ${REDACTED}`);
    expect(masked).not.toContain('!xyz');
  });
});
