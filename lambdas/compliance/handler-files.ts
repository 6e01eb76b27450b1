/** Written beside the bundle by the ComplianceReport construct; read by the handler at cold start. */
export const COMPLIANCE_CATALOG_FILE = 'compliance-catalog.json';
