/**
 * Tokens, the audit log, Agents (the embedded-mode agent API) and the event stream. Declared as
 * static paths, so they take precedence over the generic /api/v1/:collection routes.
 */
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { findResourceDefinitionByKind } from '#api';
import { CurrentActor } from '../http/auth.js';
import { sortedObjects } from '../http/pagination.js';
import { FABRIC_STORE, TOKEN_AUTHENTICATOR } from '../http/injection-tokens.js';
import { AGENT_NAMESPACE, type FabricStore } from '../store/fabric-store.js';
import type { TokenService } from '../store/tokens.js';
import { StoreError, type Actor, type AuditEntry, type ResourceObject } from '../store/store.types.js';
import { checkKnownParams, limitParam, namespaceParam, type QueryValue } from './query.js';
import { listRequest, resourceList, type ResourceList } from './lists.js';
import { streamStoreEvents } from './sse.js';

function text(name: string, value: QueryValue): string | undefined {
  if (Array.isArray(value)) throw new StoreError('invalid', `query parameter ${name} is given ${value.length} times`);
  if (value !== undefined && value.length > 253) throw new StoreError('invalid', `query parameter ${name} is too long`);
  return value;
}

@Controller('api/v1/tokens')
export class TokensController {
  constructor(@Inject(TOKEN_AUTHENTICATOR) private readonly tokens: TokenService) {}

  /** `{name, role, tenant?, switch?}` -> `{token, ...}`: the token is shown this once. */
  @Post()
  async create(@Body() body: unknown, @CurrentActor() actor: Actor): Promise<unknown> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new StoreError('invalid', 'the body must be an object {name, role, tenant?, switch?}');
    const { token, info } = await this.tokens.create(body, actor);
    return { token, ...info };
  }

  @Get()
  async list(@CurrentActor() actor: Actor): Promise<unknown> {
    if (actor.role !== 'architect' && actor.role !== 'viewer') throw new StoreError('forbidden', `role ${actor.role} may not list tokens`);
    return { apiVersion: 'v1', kind: 'TokenList', items: await this.tokens.list() };
  }

  @Get(':name')
  async get(@Param('name') name: string, @CurrentActor() actor: Actor): Promise<unknown> {
    if (actor.role !== 'architect' && actor.role !== 'viewer') throw new StoreError('forbidden', `role ${actor.role} may not read tokens`);
    const found = (await this.tokens.list()).find((t) => t.name === name);
    if (found === undefined) throw new StoreError('not-found', `no token named ${name.slice(0, 80)}`);
    return found;
  }

  @Delete(':name')
  @HttpCode(200)
  async revoke(@Param('name') name: string, @CurrentActor() actor: Actor): Promise<unknown> {
    await this.tokens.revoke(name, actor);
    return { revoked: name };
  }
}

@Controller('api/v1/audit')
export class AuditController {
  constructor(@Inject(FABRIC_STORE) private readonly store: FabricStore) {}

  /** Newest first; filter by kind, namespace, name, tenant, actor, since; page with before=<id>. */
  @Get()
  async list(@Query() query: Record<string, QueryValue>, @CurrentActor() actor: Actor): Promise<{ apiVersion: string; kind: string; items: AuditEntry[] }> {
    checkKnownParams(query, ['kind', 'namespace', 'name', 'tenant', 'actor', 'since', 'before', 'limit']);
    const before = text('before', query.before);
    if (before !== undefined && !/^[0-9]{1,15}$/.test(before)) throw new StoreError('invalid', 'before must be an audit entry id');
    const since = text('since', query.since);
    if (since !== undefined && Number.isNaN(Date.parse(since))) throw new StoreError('invalid', `since must be a date and time, e.g. 2026-11-21T12:00:00Z`);
    const kindText = text('kind', query.kind);
    if (kindText !== undefined && findResourceDefinitionByKind(kindText) === undefined) throw new StoreError('invalid', `unknown kind ${kindText}`);
    const filters = {
      kind: kindText,
      namespace: namespaceParam(query.namespace),
      name: text('name', query.name),
      tenant: text('tenant', query.tenant),
      actor: text('actor', query.actor),
      since,
      before: before === undefined ? undefined : Number(before),
      limit: limitParam(query.limit),
    };
    const defined = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
    return { apiVersion: 'v1', kind: 'AuditList', items: await this.store.audit(defined, actor) };
  }

  @Get(':id')
  async get(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<AuditEntry> {
    if (!/^[0-9]{1,15}$/.test(id)) throw new StoreError('not-found', `no audit entry ${id.slice(0, 40)}`);
    const [entry] = await this.store.audit({ before: Number(id) + 1, limit: 1 }, actor);
    if (entry?.id !== Number(id)) throw new StoreError('not-found', `no audit entry ${id}`);
    return entry;
  }
}

@Controller('api/v1/agents')
export class AgentsController {
  constructor(@Inject(FABRIC_STORE) private readonly store: FabricStore) {}

  @Get()
  list(@Query() query: Record<string, QueryValue>, @CurrentActor() actor: Actor): ResourceList {
    const request = listRequest('Agent', query);
    if (request.query.labelSelector !== undefined) throw new StoreError('invalid', 'Agents have no labels: labelSelector does not apply');
    const inNamespace = request.query.namespace === undefined || request.query.namespace === AGENT_NAMESPACE;
    return resourceList('Agent', inNamespace ? sortedObjects(this.store.listAgents(actor)) : [], request);
  }

  @Get(':name')
  get(@Param('name') name: string, @CurrentActor() actor: Actor): ResourceObject {
    return this.store.agent(name, actor);
  }

  /** The agent's stream: its Agent now, then again whenever its desired state or status changes. */
  @Get(':name/watch')
  async watch(@Param('name') name: string, @CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const first = this.store.agent(name, actor);
    await streamStoreEvents(request, reply, {
      hub: this.store.events,
      actor,
      accept: (event) => event.object.kind === 'Agent' && event.object.metadata.name === name,
      current: () => [{ type: 'ADDED', object: first }],
    });
  }

  /** What the agent applied: `AgentStatus` (appliedGeneration, BGP neighbours, VTEPs, errors). */
  @Put(':name/status')
  async status(@Param('name') name: string, @Body() body: unknown, @CurrentActor() actor: Actor): Promise<ResourceObject> {
    return this.store.reportStatus(name, body, actor);
  }

  /** The whole Agent object; only its status is taken (the spec is Weft's). */
  @Put(':name')
  async replace(@Param('name') name: string, @Body() body: unknown, @CurrentActor() actor: Actor): Promise<ResourceObject> {
    const status = typeof body === 'object' && body !== null ? (body as { status?: unknown }).status : undefined;
    if (status === undefined) throw new StoreError('invalid', `Agent ${name}: the body needs a status; the spec is compiled by Weft`);
    return this.store.reportStatus(name, status, actor);
  }
}

@Controller('api/v1/events')
export class EventsController {
  constructor(@Inject(FABRIC_STORE) private readonly store: FabricStore) {}

  /** Server-sent events: ADDED / MODIFIED / DELETED objects, status changes included. `?kind=VPC` filters. */
  @Get()
  async stream(@Query() query: Record<string, QueryValue>, @CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    checkKnownParams(query, ['kind']);
    const wanted = text('kind', query.kind);
    if (wanted !== undefined && findResourceDefinitionByKind(wanted) === undefined) throw new StoreError('invalid', `unknown kind ${wanted.slice(0, 80)}`);
    await streamStoreEvents(request, reply, { hub: this.store.events, actor, accept: (event) => wanted === undefined || event.object.kind === wanted });
  }
}
