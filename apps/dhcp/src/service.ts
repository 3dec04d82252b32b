/**
 * `weft dhcp`: Weft's DHCP service. Every period it reads the VPCs (with their compiled VRF) and
 * the FabricPolicy from the service, runs one Kea per VRF with the rendered configuration, and
 * reports each VPC's live leases (`PUT /api/v1/vpcs/{name}/dhcp-leases`), which then show in
 * the VPC's status.
 */
import { parseCidr, type Vpc } from '#domain';
import { dhcpScopes } from '#dhcp-config';
import { KeaInstances } from './kea-instances.js';

export interface DhcpServiceOptions {
  readonly server: string;
  readonly token: string;
  readonly dir: string;
  readonly periodMs: number;
  /** `{vrf}` is replaced by the VRF name: each instance in a namespace of its own */
  readonly netnsTemplate?: string;
  readonly interface?: string;
  readonly signal: AbortSignal;
  readonly log: (line: Record<string, unknown>) => void;
}

const DEFAULT_SERVERS = '100.127.0.0/16';

async function call(options: DhcpServiceOptions, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${options.server}${path}`, {
    method,
    headers: { authorization: `Bearer ${options.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

async function listAll(options: DhcpServiceOptions, collection: string): Promise<unknown[]> {
  const items: unknown[] = [];
  let next: string | undefined;
  do {
    const page = (await call(options, 'GET', `/api/v1/${collection}?limit=500${next === undefined ? '' : `&continue=${encodeURIComponent(next)}`}`)) as { items?: unknown[]; metadata?: { continue?: string } };
    items.push(...(page.items ?? []));
    next = page.metadata?.continue;
  } while (next !== undefined && next !== '');
  return items;
}

export async function runDhcpService(options: DhcpServiceOptions): Promise<void> {
  const template = options.netnsTemplate;
  const kea = new KeaInstances({
    dir: options.dir,
    ...(template === undefined ? {} : { netnsOf: (vrf: string) => template.replaceAll('{vrf}', vrf) }),
    ...(options.interface === undefined ? {} : { interface: options.interface }),
    log: options.log,
  });
  try {
    while (!options.signal.aborted) {
      try {
        const vpcs = (await listAll(options, 'vpcs')) as Vpc[];
        const policies = (await listAll(options, 'fabric-policies')) as { spec?: { dhcp?: { servers?: string } } }[];
        const servers = parseCidr(policies[0]?.spec?.dhcp?.servers ?? DEFAULT_SERVERS)?.prefix;
        if (servers === undefined) throw new Error('FabricPolicy spec.dhcp.servers is not a prefix');
        const scopes = dhcpScopes(vpcs, servers);
        await kea.apply(scopes);
        for (const { scope, leases } of await kea.leases()) {
          const subnets = Object.fromEntries(scope.subnets.map((s) => [s.name, leases.filter((l) => l.subnet === s.name).map((l) => ({ ip: l.ip, mac: l.mac, expires: new Date(l.expires * 1000).toISOString(), ...(l.hostname === undefined ? {} : { hostname: l.hostname }) }))]));
          const [namespace = 'default', name = ''] = scope.vpc.split('/');
          await call(options, 'PUT', `/api/v1/vpcs/${encodeURIComponent(name)}/dhcp-leases?namespace=${encodeURIComponent(namespace)}`, { subnets });
        }
      } catch (e) {
        options.log({ component: 'dhcp', error: e instanceof Error ? e.message : String(e) });
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.periodMs);
        options.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        }, { once: true });
      });
    }
  } finally {
    await kea.stop();
  }
}
