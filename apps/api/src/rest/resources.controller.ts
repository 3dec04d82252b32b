/**
 * REST for every resource kind: GET list / POST on /api/v1/<collection>, GET / PUT / PATCH /
 * DELETE on /api/v1/<collection>/<name>. Bodies are the resource objects, exactly as in YAML;
 * lists are pages (lists.ts), patches merge or JSON patches (patch.ts). The controller parses and
 * hands over; the store validates, authorises, compiles and persists.
 */
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { REST_COLLECTIONS } from '#codegen';
import { CurrentActor } from '../http/auth.js';
import { FABRIC_STORE } from '../http/injection-tokens.js';
import type { FabricStore } from '../store/fabric-store.js';
import { StoreError, type Actor, type ObjectKey, type ResourceObject, type WriteResult } from '../store/store.types.js';
import { listRequest, resourceList, type ResourceList } from './lists.js';
import { patchedBody } from './patch.js';
import { checkKnownParams, dryRunParam, namespaceParam, type QueryValue } from './query.js';

const WRITE_PARAMS = ['namespace', 'dryRun'];

/** Collections served here; tokens, audit and agents have controllers of their own. */
const KIND_BY_COLLECTION = new Map(
  Object.entries(REST_COLLECTIONS)
    .filter(([kind]) => kind !== 'Agent')
    .map(([kind, collection]) => [collection, kind]),
);

export function kindOf(collection: string): string {
  const kind = KIND_BY_COLLECTION.get(collection);
  if (kind === undefined) throw new StoreError('not-found', `no collection /api/v1/${collection.slice(0, 80)}; collections: ${[...KIND_BY_COLLECTION.keys()].join(', ')}`);
  return kind;
}

/** A write's answer: the object, or for a dry run (and a delete) the per-device plan. */
export function writeResponse(result: WriteResult): unknown {
  if (result.dryRun) return { dryRun: true, ...(result.object === undefined ? {} : { object: result.object }), plan: result.plan, diagnostics: result.diagnostics };
  return result.object ?? { plan: result.plan, diagnostics: result.diagnostics };
}

@Controller('api/v1')
export class ResourcesController {
  constructor(@Inject(FABRIC_STORE) private readonly store: FabricStore) {}

  @Get(':collection')
  list(@Param('collection') collection: string, @Query() query: Record<string, QueryValue>, @CurrentActor() actor: Actor): ResourceList {
    const kind = kindOf(collection);
    const request = listRequest(kind, query);
    return resourceList(kind, this.store.list(kind, request.query, actor), request);
  }

  @Get(':collection/:name')
  get(@Param('collection') collection: string, @Param('name') name: string, @Query() query: Record<string, QueryValue>, @CurrentActor() actor: Actor): ResourceObject {
    const kind = kindOf(collection);
    checkKnownParams(query, ['namespace']);
    const namespace = namespaceParam(query.namespace);
    return this.store.get({ kind, name, ...(namespace === undefined ? {} : { namespace }) }, actor);
  }

  @Post(':collection')
  async create(
    @Param('collection') collection: string,
    @Body() body: unknown,
    @Query() query: Record<string, QueryValue>,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const kind = kindOf(collection);
    checkKnownParams(query, WRITE_PARAMS);
    const namespace = namespaceParam(query.namespace);
    const dryRun = dryRunParam(query.dryRun);
    const withNamespace = namespace === undefined || typeof body !== 'object' || body === null || Array.isArray(body) ? body : withDefaultNamespace(body as Record<string, unknown>, namespace);
    const result = await this.store.apply({ action: 'create', kind, body: withNamespace, dryRun, actor, via: 'rest', requestId: request.id });
    void reply.status(dryRun ? 200 : 201);
    return writeResponse(result);
  }

  @Put(':collection/:name')
  async replace(
    @Param('collection') collection: string,
    @Param('name') name: string,
    @Body() body: unknown,
    @Query() query: Record<string, QueryValue>,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
  ): Promise<unknown> {
    const kind = kindOf(collection);
    checkKnownParams(query, WRITE_PARAMS);
    const namespace = namespaceParam(query.namespace) ?? bodyNamespace(body);
    const key = { kind, name, ...(namespace === undefined ? {} : { namespace }) };
    return writeResponse(await this.store.apply({ action: 'replace', kind, key, body, dryRun: dryRunParam(query.dryRun), actor, via: 'rest', requestId: request.id }));
  }

  /** A merge patch or a JSON patch of the object as the token reads it; dryRun as for PUT. */
  @Patch(':collection/:name')
  async patch(
    @Param('collection') collection: string,
    @Param('name') name: string,
    @Body() patch: unknown,
    @Query() query: Record<string, QueryValue>,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
  ): Promise<unknown> {
    const kind = kindOf(collection);
    checkKnownParams(query, WRITE_PARAMS);
    const namespace = namespaceParam(query.namespace);
    const key: ObjectKey = { kind, name, ...(namespace === undefined ? {} : { namespace }) };
    const body = patchedBody(this.store.get(key, actor), request.headers['content-type'], patch);
    return writeResponse(await this.store.apply({ action: 'replace', kind, key, body, dryRun: dryRunParam(query.dryRun), actor, via: 'rest', requestId: request.id }));
  }

  @Delete(':collection/:name')
  @HttpCode(200)
  async remove(@Param('collection') collection: string, @Param('name') name: string, @Query() query: Record<string, QueryValue>, @CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<unknown> {
    const kind = kindOf(collection);
    checkKnownParams(query, WRITE_PARAMS);
    const namespace = namespaceParam(query.namespace);
    const key = { kind, name, ...(namespace === undefined ? {} : { namespace }) };
    return writeResponse(await this.store.apply({ action: 'delete', kind, key, dryRun: dryRunParam(query.dryRun), actor, via: 'rest', requestId: request.id }));
  }
}

function withDefaultNamespace(body: Record<string, unknown>, namespace: string): Record<string, unknown> {
  const metadata = typeof body.metadata === 'object' && body.metadata !== null && !Array.isArray(body.metadata) ? (body.metadata as Record<string, unknown>) : undefined;
  if (metadata === undefined) return body;
  if (metadata.namespace !== undefined && metadata.namespace !== namespace) {
    throw new StoreError('invalid', `metadata.namespace ${JSON.stringify(metadata.namespace)} does not match ?namespace=${namespace}`);
  }
  return { ...body, metadata: { ...metadata, namespace } };
}

function bodyNamespace(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const metadata = (body as { metadata?: unknown }).metadata;
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const ns = (metadata as { namespace?: unknown }).namespace;
  return typeof ns === 'string' ? ns : undefined;
}
