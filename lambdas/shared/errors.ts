// The error tree lives in the contract layer (contract/errors.ts), shared by the CDK app and the
// functions; this module keeps the functions' import path.
export { describeError, InputError, WardenError } from '../../contract/errors';
