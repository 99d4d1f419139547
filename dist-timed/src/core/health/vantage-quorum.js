/**
 * Vantage points and their quorum. Every load balancer is probed from each vantage point (one
 * prober per availability zone the Enactors run in); each vantage point keeps its own thresholded
 * opinion (health-state.ts), and the load balancer's verdict is unhealthy only when at least
 * `quorum` vantage points say so. One zone whose network is broken then sees everything fail,
 * but it is one voice: it cannot condemn the other zones' load balancers.
 */
import { assert } from '../model/assert.js';
/** The default quorum: a strict majority of the vantage points. */
export function majorityQuorum(vantagePointCount) {
    assert(vantagePointCount >= 1, 'at least one vantage point');
    return Math.floor(vantagePointCount / 2) + 1;
}
export function quorumVerdict(opinions, quorum) {
    assert(quorum >= 1 && quorum <= opinions.size, `quorum ${quorum} must be within 1..${opinions.size}`);
    const against = [...opinions].filter(([, opinion]) => !opinion.healthy);
    return { healthy: against.length < quorum, unhealthyVotes: against.length, votes: opinions.size, summary: summarize(against, opinions.size, quorum) };
}
/** One vantage point: just its detail (the single-prober wording). Several: the tally, then each dissenting voice. */
function summarize(against, votes, quorum) {
    if (votes === 1)
        return against[0]?.[1].lastDetail ?? '';
    if (against.length === 0)
        return '';
    const detail = against.map(([zone, opinion]) => `${zone} ${opinion.lastDetail || 'failing'}`).join('; ');
    return `${against.length}/${votes} vantage points unhealthy (quorum ${quorum}): ${detail}`;
}
//# sourceMappingURL=vantage-quorum.js.map