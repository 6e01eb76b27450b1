import { severityFor } from '../severity';
import { isLive, secretFinding, type FindingRule } from './rule';

/** Security Hub SecretsManager.1: automatic rotation should be on. External secrets rotate by hand. */
export const rotationDisabled: FindingRule = {
  type: 'rotation-disabled',
  evaluate: (r) =>
    isLive(r) && !r.rotation.enabled && r.kind !== 'external'
      ? secretFinding('rotation-disabled', r, severityFor(r.classification), 'Automatic rotation is off', { kind: r.kind, managed: r.managed },
          'Turn on rotation (declare `rotation` for the secret in config/secrets.yaml and deploy, or RotateSecret with a rotation function).')
      : null,
};
