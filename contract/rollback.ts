// The rollback action's entry point, shared by the CDK app (which creates the alias and grants it),
// the rotation function (which refuses a rollback arriving any other way) and the CLI (which
// invokes it). Secrets Manager invokes the unqualified function for rotation; the rollback action
// runs only through the function's `rollback` alias, whose resource policy allows only the
// environment's admin role (docs/cli.md, "rollback"; docs/runbooks.md).

/** Name of the alias (on $LATEST) through which the rollback action is invoked. */
export const ROLLBACK_ALIAS = 'rollback';

/** The function ARN without a qualifier (`arn:aws:lambda:<region>:<account>:function:<name>`). */
function unqualifiedFunctionArn(functionArn: string): string {
  const parts = functionArn.split(':');
  return parts.length > 7 ? parts.slice(0, 7).join(':') : functionArn;
}

/** The ARN `warden rollback` invokes: the function's `rollback` alias. */
export function rollbackAliasArn(functionArn: string): string {
  return `${unqualifiedFunctionArn(functionArn)}:${ROLLBACK_ALIAS}`;
}

/** The invocation came through the `rollback` alias (Lambda's context.invokedFunctionArn carries the qualifier used). */
export function invokedThroughRollbackAlias(invokedFunctionArn: string | undefined): boolean {
  if (!invokedFunctionArn) return false;
  const parts = invokedFunctionArn.split(':');
  return parts.length === 8 && parts[7] === ROLLBACK_ALIAS;
}
