/** History as data: the audit log listed, exported as date-partitioned Parquet, queried with SQL. */
export { openAuditLog, recentEvents } from './audit-log.js';
export { DECISION_KINDS, kindsSelectedBy } from './decision-kinds.js';
export { exportHistory } from './parquet-export.js';
export { QUERY_ROWS_MAX, Warehouse } from './warehouse.js';
//# sourceMappingURL=index.js.map