/**
 * The compiled fabric the service serves, as one immutable snapshot: the compile result, the
 * objects, the agents' records, the DHCP lease reports and the fabric version they reflect. Readers take `current`;
 * only the writer (and the loader at start) replaces it, whole, with `swap`.
 */
import { Injectable } from '@nestjs/common';
import type { CompileResult } from '#compiler';
import type { AgentMap } from '../agents/agent-record.js';
import type { LeaseMap } from '../dhcp/lease-report.js';
import { StoreError } from '../store/store.types.js';
import type { ObjectMap } from './stored-object.js';

export interface FabricSnapshot {
  readonly result: CompileResult;
  readonly objects: ObjectMap;
  readonly agents: AgentMap;
  /** each VPC's last DHCP lease report (dhcp/lease-report.ts) */
  readonly leases: LeaseMap;
  /** the fabric version (database) this snapshot holds everything up to */
  readonly version: number;
}

@Injectable()
export class FabricState {
  private snapshot: FabricSnapshot | undefined;

  get loaded(): boolean {
    return this.snapshot !== undefined;
  }

  get current(): FabricSnapshot {
    if (this.snapshot === undefined) throw new StoreError('unavailable', 'the fabric is not loaded yet; try again in a moment', [], 5);
    return this.snapshot;
  }

  swap(next: FabricSnapshot): void {
    this.snapshot = next;
  }
}
