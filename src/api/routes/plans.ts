/**
 * Plans: GET /plans (stored generations, newest first), GET /plans/:generation, GET
 * /plans/diff?from=&to= (two generations), GET /plans/preview (the Planner's own next attempt,
 * against what each provider serves now, without the write: what `dnsplane plan --url` prints).
 */
import { generation } from '../../core/model/ids.js';
import type { Plan } from '../../core/model/plan.js';
import { diffAgainstServed, diffPlans, summarize } from '../../app/plan-diff.js';
import type { Runtime } from '../../app/runtime.js';
import { ERROR_SCHEMA, errorResponses, looseObject, type RouteGroup } from './route-group.js';

export const PLANS_LIST_LIMIT_MAX = 1000;
const generationParam = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } as const;

export const planRoutes: RouteGroup = {
  name: 'plans',
  register(app, { runtime }) {
    app.get<{ Querystring: { limit?: number } }>('/plans', {
      schema: {
        summary: 'Stored plan generations, newest first', tags: ['plans'],
        querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: PLANS_LIST_LIMIT_MAX, default: 100 } }, additionalProperties: false },
        response: { 200: { type: 'array', items: { type: 'object', properties: { generation: { type: 'integer' }, digest: { type: 'string' }, createdAtMs: { type: 'number' } } } }, 503: ERROR_SCHEMA, ...errorResponses },
      },
    }, async (request, reply) => {
      const listed = await runtime().listPlans();
      if (!listed.ok) return reply.code(503).send({ error: listed.message, code: listed.code });
      return [...listed.value].reverse().slice(0, request.query.limit ?? 100);
    });
    app.get('/plans/preview', {
      schema: {
        summary: 'The next plan the Planner would write (its own attempt, without the write) and what it would change on each provider',
        tags: ['plans'],
        response: { 200: looseObject('PlanPreview', {
          outcome: { type: 'string' }, storeGeneration: { type: ['integer', 'null'] }, nextGeneration: { type: ['integer', 'null'] }, note: { type: 'string' },
          changes: { type: 'array' }, summary: { type: 'object', additionalProperties: true }, guardDecisions: { type: 'array' },
        }), 503: ERROR_SCHEMA, ...errorResponses },
      },
    }, async (_request, reply) => {
      const preview = await previewReport(runtime());
      return preview === null ? reply.code(503).send({ error: 'the Planner could not preview (see status)' }) : preview;
    });
    app.get<{ Querystring: { from: number; to: number } }>('/plans/diff', {
      schema: {
        summary: 'What changed between two stored generations (addresses added, removed, reweighted; TTL; answers per query)', tags: ['plans'],
        querystring: { type: 'object', properties: { from: generationParam, to: generationParam }, required: ['from', 'to'], additionalProperties: false },
        response: { 200: looseObject('PlanDiff', { from: { type: 'object', additionalProperties: true }, to: { type: 'object', additionalProperties: true }, changes: { type: 'array' }, summary: { type: 'object', additionalProperties: true } }), 404: ERROR_SCHEMA, 503: ERROR_SCHEMA, ...errorResponses },
      },
    }, async (request, reply) => {
      const [from, to] = await Promise.all([runtime().getPlan(generation(request.query.from)), runtime().getPlan(generation(request.query.to))]);
      if (!from.ok) return reply.code(503).send({ error: from.message, code: from.code });
      if (!to.ok) return reply.code(503).send({ error: to.message, code: to.code });
      if (from.value === null || to.value === null) return reply.code(404).send({ error: `no stored generation ${from.value === null ? request.query.from : request.query.to} (the Cleaner may have removed it)` });
      return diffPlans(from.value, to.value);
    });
    app.get<{ Params: { generation: number } }>('/plans/:generation', {
      schema: {
        summary: 'One stored plan: every endpoint with its weighted addresses', tags: ['plans'],
        params: { type: 'object', properties: { generation: generationParam }, required: ['generation'] },
        response: { 200: looseObject('Plan', { generation: { type: 'integer' }, digest: { type: 'string' }, createdAtMs: { type: 'number' }, note: { type: 'string' }, endpoints: { type: 'array' } }), 404: ERROR_SCHEMA, 503: ERROR_SCHEMA, ...errorResponses },
      },
    }, async (request, reply) => {
      const plan = await runtime().getPlan(generation(request.params.generation));
      if (!plan.ok) return reply.code(503).send({ error: plan.message, code: plan.code });
      if (plan.value === null) return reply.code(404).send({ error: `no stored generation ${request.params.generation}` });
      return plan.value;
    });
  },
};

/** The preview, diffed against each provider's last read (the live-state cache: no provider waits). */
async function previewReport(runtime: Runtime): Promise<Record<string, unknown> | null> {
  const previewed = await runtime.previewNextPlan();
  if (!previewed.ok) return null;
  const preview = previewed.value;
  const planned: Plan | null = preview.plan ?? preview.previous;
  const providers = runtime.live();
  const materialisers = runtime.providers();
  const changes = providers.flatMap((state) => {
    const provider = materialisers.find((p) => p.id === state.provider);
    return provider === undefined || planned === null ? [] : diffAgainstServed(planned.endpoints, provider, state.endpoints);
  });
  return {
    outcome: preview.result.kind,
    ...('message' in preview.result ? { message: preview.result.message } : {}),
    storeGeneration: preview.previous?.generation ?? null,
    nextGeneration: preview.plan?.generation ?? null,
    note: preview.plan?.note ?? '',
    providers: providers.map((p) => ({ id: p.provider, reachable: p.reachable, downSinceMs: p.downSinceMs, lastOkAtMs: p.lastOkAtMs })),
    changes,
    summary: summarize(changes),
    guardDecisions: (await runtime.status({ endpoints: 'none' })).planner.guardDecisions,
  };
}
