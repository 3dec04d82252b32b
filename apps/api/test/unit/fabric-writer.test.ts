// The writer with its database replaced (Nest builds it by class; the committer and loader are
// in-memory fakes): what it does when another replica commits first. A commit computed from an
// old state is not written; the writer catches up and evaluates again, so the answer is the one
// the newer state gives; a refusal is checked against the database's version before it is
// answered; and a writer that keeps losing gives up with 503, having written nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { recompile } from '#compiler';
import { parseDocument } from '#domain';
import { QuarantineService } from '../../src/agents/quarantine.service.js';
import { FabricEvents } from '../../src/events/fabric-events.service.js';
import type { CaughtUp } from '../../src/fabric/catch-up.js';
import { FabricCommitter, type CommitOutcome, type FabricChange } from '../../src/fabric/fabric-committer.service.js';
import { FabricLoader } from '../../src/fabric/fabric-loader.service.js';
import { FabricState, type FabricSnapshot } from '../../src/fabric/fabric-state.js';
import { FabricWriter } from '../../src/fabric/fabric-writer.service.js';
import { keyOfResource } from '../../src/fabric/stored-object.js';
import { LOGGER, METRICS } from '../../src/http/injection-tokens.js';
import { createJsonLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { CLOCK_PROVIDERS } from '../../src/repositories/clock.provider.js';
import { StoreTelemetry } from '../../src/store/store-telemetry.js';
import { StoreError } from '../../src/store/store.types.js';
import { attachment, create, sampleSnapshot, storedOf, vpc } from '../support/fabric.js';

/** The database as the writer sees it: a version, and what another replica committed at the next one. */
@Injectable()
class FakeCommitter {
  version = 1;
  readonly committed: FabricChange[] = [];
  /** commits other replicas make before each of ours: each bumps the version first */
  racesToLose = 0;

  head(): Promise<number> {
    return Promise.resolve(this.version);
  }

  commit(change: FabricChange): Promise<CommitOutcome> {
    if (this.racesToLose > 0) {
      this.racesToLose -= 1;
      this.version += 1;
    }
    if (change.baseVersion !== this.version) return Promise.resolve({ committed: false });
    this.version += 1;
    this.committed.push(change);
    return Promise.resolve({ committed: true, version: this.version });
  }
}

/** What another replica wrote, served to the writer when it catches up. */
@Injectable()
class FakeLoader {
  others: unknown[] = [];
  catchUps = 0;

  constructor(private readonly committer: FakeCommitter) {}

  catchUp(current: FabricSnapshot): Promise<CaughtUp | undefined> {
    this.catchUps += 1;
    if (this.committer.version === current.version) return Promise.resolve(undefined);
    const written = this.others.map((body) => storedOf(parseDocument({ value: body }).resource ?? assert.fail('a valid object'), this.committer.version));
    this.others = [];
    const objects = new Map(current.objects);
    for (const stored of written) objects.set(keyOfResource(stored.resource), stored);
    const result = written.length === 0 ? current.result : recompile(current.result, { upserts: written.map((s) => s.resource) });
    return Promise.resolve({ next: { ...current, result, objects, version: this.committer.version }, changes: written.map((after) => ({ key: keyOfResource(after.resource), after })), recompiledInFull: false });
  }

  recompile = recompile;
}

@Module({
  providers: [
    FabricWriter,
    FabricState,
    FabricEvents,
    QuarantineService,
    StoreTelemetry,
    ...CLOCK_PROVIDERS,
    FakeCommitter,
    FakeLoader,
    { provide: FabricCommitter, useExisting: FakeCommitter },
    { provide: FabricLoader, useExisting: FakeLoader },
    { provide: LOGGER, useValue: createJsonLogger({ level: 'error', write: () => undefined }) },
    { provide: METRICS, useValue: createMetrics({ processMetrics: false }) },
  ],
})
// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- a Nest module is a decorated class
class WriterWithoutDatabase {}

async function writer(): Promise<{ writer: FabricWriter; committer: FakeCommitter; loader: FakeLoader; state: FabricState; close: () => Promise<void> }> {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest declares its options as a class; a literal is how they are passed
  const context = await NestFactory.createApplicationContext(WriterWithoutDatabase, { logger: false, abortOnError: false });
  const state = context.get(FabricState);
  state.swap(await sampleSnapshot());
  return { writer: context.get(FabricWriter), committer: context.get(FakeCommitter), loader: context.get(FakeLoader), state, close: () => context.close() };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (e) {
    return e instanceof StoreError ? e.code : 'crash';
  }
}

test('another replica committed first: nothing of the stale batch is written; evaluated again, a name it took is 409 and the rest commits', async (t) => {
  const { writer: w, committer, loader, state, close } = await writer();
  t.after(close);
  committer.racesToLose = 1;
  loader.others = [vpc('taken', 'globex', '10.60.0.0/24')];
  const outcomes = await Promise.all([codeOf(w.write(create('VPC', vpc('taken', 'acme', '10.61.0.0/24')))), codeOf(w.write(create('VPC', vpc('mine', 'acme', '10.62.0.0/24'))))]);
  assert.deepEqual(outcomes, ['conflict', 'ok']);
  assert.equal(committer.committed.length, 1, 'one commit, from the newer state');
  assert.deepEqual(
    committer.committed[0]?.written.map((row) => row.name),
    ['mine'],
  );
  assert.equal(state.current.version, committer.version);
  assert.equal(state.current.objects.get('VPC|default|taken')?.resource.kind, 'VPC');
});

test('a refusal is checked against the database first: an attachment to a VPC another replica just created is accepted', async (t) => {
  const { writer: w, committer, loader, close } = await writer();
  t.after(close);
  committer.version = 2;
  loader.others = [vpc('elsewhere', 'acme', '10.63.0.0/24')];
  assert.equal(await codeOf(w.write(create('VPCAttachment', attachment('elsewhere-at', 'elsewhere/web', 'server1--leaf1')))), 'ok');
  assert.equal(loader.catchUps, 1);
  // a refusal the database cannot change is answered after one look
  assert.equal(await codeOf(w.write(create('VPCAttachment', attachment('nowhere-at', 'nowhere/web', 'server1--leaf1')))), 'invalid');
});

test('losing the race five times in a row: 503, and nothing was written', async (t) => {
  const { writer: w, committer, close } = await writer();
  t.after(close);
  committer.racesToLose = 5;
  assert.equal(await codeOf(w.write(create('VPC', vpc('patient', 'acme', '10.64.0.0/24')))), 'unavailable');
  assert.equal(committer.committed.length, 0);
});
