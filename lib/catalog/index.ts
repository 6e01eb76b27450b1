export { loadCatalog, parseCatalog, DEFAULT_CATALOG_PATH } from './loader';
export { CatalogError, UnknownEnvironmentError, formatIssue, type CatalogIssue } from './errors';
export { BUILTIN_DEFAULTS } from './defaults';
export { CATALOG_SCHEMA_PATH } from './schema-check';
export * from './types';
