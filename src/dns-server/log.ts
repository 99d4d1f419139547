/**
 * How the DNS server reports what an operator must see: one JSON object per line, the shape the
 * rest of dnsplane logs (`{ level, component, ... }`), written to stderr unless a caller passes
 * its own sink (tests collect the lines).
 */
export type LogSink = (line: string) => void;

export const stderrLog: LogSink = (line) => {
  process.stderr.write(`${line}\n`);
};

export function logLine(level: 'info' | 'warn' | 'error', fields: Readonly<Record<string, string | number>>): string {
  return JSON.stringify({ level, component: 'dns-server', ...fields });
}
