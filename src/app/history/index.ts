/** History as data: the audit log listed, exported as date-partitioned Parquet, queried with SQL. */
export { openAuditLog, recentEvents, type AuditLog, type HistoryFilter } from './audit-log.js';
export type { EventQuery, StoredEvent } from '../../adapters/events-memory/event-log.js';
export { DECISION_KINDS, kindsSelectedBy } from './decision-kinds.js';
export { exportHistory, type ExportSummary } from './parquet-export.js';
export { QUERY_ROWS_MAX, Warehouse, type QueryAnswer } from './warehouse.js';
