/**
 * The SQL that turns the raw events (table `ev`: each id once, in id order) into the curated
 * layer. It runs in DuckDB during an export; the result is files, so readers pay nothing.
 *
 * Which generation is live on a provider for an endpoint, after each event: the Enactors record
 * every write they make (enact.applied, and a repair or adoption is a write of that generation
 * too). A write of one endpoint names it; a batch of several is recorded once, naming the
 * provider but not the endpoints, and the fenced protocol means every managed endpoint of that
 * provider is then at that generation or newer (a name left out was in sync, newer, or raised its
 * own alarm event). So an unnamed write counts for every endpoint seen in the log, and the live
 * generation is the running maximum — generations on a provider never go back (NoRegression).
 */
import { sqlText } from './warehouse.js';
const WRITE_KINDS = `('enact.applied', 'enact.repaired', 'enact.empty-repaired', 'enact.adopted')`;
export const CURATE_STATEMENTS = [
    `CREATE TABLE writes AS SELECT id, provider, endpoint, generation FROM ev
     WHERE kind IN ${WRITE_KINDS} AND provider IS NOT NULL AND generation IS NOT NULL`,
    `CREATE TABLE names AS SELECT DISTINCT endpoint FROM ev WHERE endpoint IS NOT NULL`,
    `CREATE TABLE providers AS SELECT DISTINCT provider FROM writes`,
    // A write naming no endpoint (a batch) counts for every name.
    `CREATE TABLE writes_per_name AS
     SELECT w.id, w.provider, n.endpoint, w.generation FROM writes w JOIN names n ON w.endpoint IS NULL OR w.endpoint = n.endpoint`,
    `CREATE TABLE live_steps AS
     SELECT endpoint, provider, id,
            max(generation) OVER (PARTITION BY endpoint, provider ORDER BY id ROWS UNBOUNDED PRECEDING) AS live_generation
     FROM writes_per_name`,
    // After each event about an endpoint: provider → generation live there (providers not yet
    // written for it are absent).
    `CREATE TABLE live_at AS
     SELECT q.id, map(list(q.provider ORDER BY q.provider), list(s.live_generation ORDER BY q.provider)) AS live
     FROM (SELECT e.id, e.endpoint, p.provider FROM ev e CROSS JOIN providers p WHERE e.endpoint IS NOT NULL) q
     ASOF JOIN live_steps s ON q.endpoint = s.endpoint AND q.provider = s.provider AND q.id >= s.id
     GROUP BY q.id`,
    `CREATE TABLE planned AS
     SELECT id, max(generation) OVER (ORDER BY id ROWS UNBOUNDED PRECEDING) AS newest_plan
     FROM ev WHERE kind = 'plan.created' AND generation IS NOT NULL`,
];
/** The curated events, one file per date partition. */
export function curatedEventsCopy(dir) {
    return `COPY (
      SELECT e.id, e.time, e.at_ms, e.kind, e.actor, e.endpoint, e.provider, e.generation,
             p.newest_plan, l.live, e.reason, e.date
      FROM ev e
      LEFT JOIN live_at l ON l.id = e.id
      ASOF LEFT JOIN planned p ON e.id >= p.id
      ORDER BY e.id
    ) TO ${sqlText(dir)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (date), FILENAME_PATTERN 'events-{i}')`;
}
/** Each generation live per endpoint and provider, with the interval it was live. */
export function liveGenerationsCopy(file) {
    return `COPY (
      WITH steps AS (
        SELECT s.endpoint, s.provider, s.id, s.live_generation,
               lag(s.live_generation) OVER (PARTITION BY s.endpoint, s.provider ORDER BY s.id) AS before
        FROM live_steps s
      ), changes AS (
        SELECT st.endpoint, st.provider, st.live_generation AS generation, e.time AS from_time, st.id AS from_event_id, e.actor AS written_by
        FROM steps st JOIN ev e ON e.id = st.id
        WHERE st.before IS NULL OR st.live_generation > st.before
      )
      SELECT endpoint, provider, generation, from_time,
             lead(from_time) OVER (PARTITION BY endpoint, provider ORDER BY from_event_id) AS until_time,
             from_event_id, written_by
      FROM changes ORDER BY endpoint, provider, from_event_id
    ) TO ${sqlText(file)} (FORMAT parquet, COMPRESSION zstd)`;
}
//# sourceMappingURL=curate.js.map