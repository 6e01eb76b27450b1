// Rotation function for PostgreSQL secrets (single user, or alternating users when the secret
// has `masterarn`). Secrets Manager invokes it once per step.
import { passwordOptionsFromEnv } from './core/password';
import { postgresRollback } from './core/postgres-rollback';
import { postgresStrategy } from './core/postgres-strategy';
import { postgresDatabase } from './postgres/database';
import { rotationHandler } from './rotation-handler';

// Built once per cold start; a bad PASSWORD_LENGTH, EXCLUDE_CHARACTERS, DB_*_TIMEOUT_MS or
// EXTRA_CA_FILE fails the init with the variable's name.
const database = postgresDatabase();
export const handler = rotationHandler(
  'rotation-postgres',
  postgresStrategy({ database, password: passwordOptionsFromEnv(process.env) }),
  postgresRollback(database),
);
