// Which version a GetSecretValue reads, for every reader of values (the CLI's `get`, the client
// library). The rotation functions always name their stage already.
//
// GetSecretValue without VersionId or VersionStage is documented to read AWSCURRENT ("If you don't
// specify either a VersionStage or VersionId, then Secrets Manager returns the AWSCURRENT
// version", API reference, GetSecretValue). moto instead answers the version that CreateSecret,
// PutSecretValue or UpdateSecret last wrote as AWSCURRENT, and a rotation's finishSecret moves
// AWSCURRENT with UpdateSecretVersionStage: a reader relying on the default keeps the rotated-away
// value. Naming AWSCURRENT is the same request on AWS and the right one on both.

/** The VersionStage to send: the one asked for, else AWSCURRENT unless a VersionId alone pins the version. */
export function stageToRead(stage: string | undefined, versionId: string | undefined): string | undefined {
  return stage ?? (versionId === undefined ? 'AWSCURRENT' : undefined);
}
