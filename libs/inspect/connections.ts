/** A Connection's switch ports and server, as `weft inspect` needs them, from its spec. */
import type { AnyResource } from '#domain';
import type { ConnectionPorts } from './fabric-index.js';

export function connectionPorts(resource: AnyResource): ConnectionPorts | undefined {
  if (resource.kind !== 'Connection') return undefined;
  const { name } = resource.metadata;
  const { unbundled, bundled, fabric, external, trunk } = resource.spec;
  if (unbundled !== undefined) return { name, server: unbundled.server.split('/')[0] ?? unbundled.server, ports: [unbundled.switch] };
  if (bundled !== undefined) return { name, server: bundled.server, ports: bundled.links.map((l) => l.switch) };
  if (fabric !== undefined) return { name, ports: [fabric.spine, fabric.leaf] };
  if (external !== undefined) return { name, ports: [external.switch] };
  if (trunk !== undefined) return { name, ports: [...trunk.links] };
  return { name, ports: [] };
}
