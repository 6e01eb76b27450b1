// Rotation function for `random` secrets. Secrets Manager invokes it once per step.
import { randomMinBitsFromEnv, randomSettingsFromEnv, randomTokenStrategy } from './core/random-token';
import { rotationHandler } from './rotation-handler';

// Built once per cold start; a bad RANDOM_* variable fails the init with the variable's name.
export const handler = rotationHandler('rotation-random', randomTokenStrategy(randomSettingsFromEnv(process.env), randomMinBitsFromEnv(process.env)));
