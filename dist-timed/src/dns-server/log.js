export const stderrLog = (line) => {
    process.stderr.write(`${line}\n`);
};
export function logLine(level, fields) {
    return JSON.stringify({ level, component: 'dns-server', ...fields });
}
//# sourceMappingURL=log.js.map