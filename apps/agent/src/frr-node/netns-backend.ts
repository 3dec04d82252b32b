/**
 * FRR's netns VRF backend (`zebra -n`), for kernels without VRF devices: each VRF is a network
 * namespace `<node>@<VRF>`, made visible to zebra as `/run/netns/<VRF>` inside zebra's own mount
 * namespace (zebra must have one, or it would take every namespace on the host for a VRF). The
 * bind is made from inside the VRF's namespace (`/proc/self/ns/net`), which zebra's inotify watch
 * picks up. A VXLAN device is created in the node's namespace (its UDP socket stays in the
 * underlay) and moved into the VRF's.
 *
 * zebra 8.4 binds a VRF to its namespace only when its watch sees the file (about a second after it
 * appears); a `netns` line that reaches zebra first leaves the VRF `inactive` for good. So frr.conf
 * waits until zebra shows every namespace this apply exposed as bound.
 */
import { readlink } from 'node:fs/promises';
import { boundVrfs, planNetnsDevices, type DevicePlan, type DeviceStep, type NodeCommand, type NodeDevices } from '#frr-config';
import { DeviceError } from '../core/device-driver.js';
import { SILENT, type AgentLogger } from '../core/log.js';
import { run, tail } from '../exec.js';
import { daemonPid } from '../frr/namespaces.js';
import type { Frr } from '../frr/frr.js';
import type { NodeDeviceBackend } from './device-backend.js';
import { readLinks } from './links.js';
import { commandText, executeSteps, runIp } from './run-steps.js';

/** zebra polls a new namespace file once a second; under load it takes longer. */
const BIND_WAIT_MS = 30_000;
const BIND_POLL_MS = 200;

export interface NetnsBackendOptions {
  /** the node's namespace; absent: the agent's own */
  readonly node?: string;
  /** the switch name, for VRF namespace names when the node has no namespace of its own */
  readonly switchName: string;
  readonly vtyDir: string;
  readonly log?: AgentLogger;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class NetnsDeviceBackend implements NodeDeviceBackend {
  readonly name = 'netns' as const;
  readonly interfaceCommand = 'show interface vrf all json';
  private readonly prefix: string;
  private readonly log: AgentLogger;

  constructor(private readonly options: NetnsBackendOptions) {
    this.prefix = `${options.node ?? options.switchName}@`;
    this.log = options.log ?? SILENT;
  }

  /** zebra's pid, checked to run in a mount namespace of its own. */
  private async zebra(): Promise<number> {
    const pid = await daemonPid(this.options.vtyDir, 'zebra');
    if (pid === undefined) throw new DeviceError(`FRR's zebra is not running (no zebra.pid in ${this.options.vtyDir})`, true);
    const [theirs, ours] = await Promise.all([readlink(`/proc/${pid}/ns/mnt`), readlink('/proc/self/ns/mnt')]);
    if (theirs === ours) {
      throw new DeviceError('the netns VRF backend needs zebra -n in a mount namespace of its own (unshare --mount, an empty directory bound on /run/netns); in this one it would take every namespace of the host for a VRF', false);
    }
    return pid;
  }

  private async inZebraMounts(script: string, what: string): Promise<string> {
    const result = await run(['nsenter', '--target', String(await this.zebra()), '--mount', '--', 'sh', '-c', script]);
    if (result.code !== 0) throw new DeviceError(`${what} failed`, false, [...tail(result.stderr, 2), ...(result.spawnError === undefined ? [] : [result.spawnError])]);
    return result.stdout;
  }

  private async namespaces(): Promise<Set<string>> {
    const result = await run(['ip', '-json', 'netns', 'list']);
    try {
      const list: unknown = JSON.parse(result.stdout === '' ? '[]' : result.stdout);
      return new Set(Array.isArray(list) ? list.flatMap((n: unknown) => (isObject(n) && typeof n.name === 'string' ? [n.name] : [])) : []);
    } catch {
      return new Set();
    }
  }

  async plan(desired: NodeDevices, previous?: NodeDevices): Promise<DevicePlan> {
    const existing = await this.namespaces();
    const vrfs = new Set([...desired.vrfs, ...(previous?.vrfs ?? [])].map((v) => v.name));
    const namespaces: Record<string, Awaited<ReturnType<typeof readLinks>>> = {};
    for (const vrf of vrfs) {
      const ns = `${this.prefix}${vrf}`;
      if (existing.has(ns)) namespaces[ns] = await readLinks(ns);
    }
    const exposed = (await this.inZebraMounts('ls -1 /run/netns', 'listing the VRFs zebra sees')).split('\n').filter((n) => n !== '');
    const layout = { prefix: this.prefix, ...(this.options.node === undefined ? {} : { node: this.options.node }) };
    return planNetnsDevices(desired, { links: await readLinks(this.options.node), namespaces, exposed }, layout, previous);
  }

  execute(steps: readonly DeviceStep[]): Promise<void> {
    return executeSteps(steps, (command) => this.run(command));
  }

  private async run(command: NodeCommand): Promise<void> {
    switch (command.run) {
      case 'ip':
        await runIp([...(command.netns === undefined ? [] : ['-n', command.netns]), ...command.args], commandText(command));
        return;
      case 'netns-add':
        await runIp(['netns', 'add', command.name], commandText(command));
        return;
      case 'netns-delete':
        await runIp(['netns', 'delete', command.name], commandText(command));
        return;
      case 'forwarding': {
        const result = await run(['ip', 'netns', 'exec', command.netns, 'sysctl', '-qw', 'net.ipv4.ip_forward=1', 'net.ipv6.conf.all.forwarding=1']);
        if (result.code !== 0) throw new DeviceError(`${commandText(command)} failed`, false, tail(result.stderr, 2));
        return;
      }
      case 'expose': {
        // from inside the VRF's namespace, /proc/self/ns/net is that namespace: bound where zebra looks
        const zebra = await this.zebra();
        // a stale bind (its namespace deleted and made again) goes first, lazily: zebra holds it open
        const script = `umount -l /run/netns/${command.vrf} 2>/dev/null; rm -f /run/netns/${command.vrf}; touch /run/netns/${command.vrf} && mount --bind /proc/self/ns/net /run/netns/${command.vrf}`;
        const result = await run(['nsenter', `--net=/run/netns/${command.netns}`, '--', 'nsenter', '--target', String(zebra), '--mount', '--', 'sh', '-c', script]);
        if (result.code !== 0) throw new DeviceError(`${commandText(command)} failed`, false, tail(result.stderr, 2));
        return;
      }
      case 'unexpose':
        // lazily: zebra holds the namespace open, so a plain umount is refused as busy
        await this.inZebraMounts(`umount -l /run/netns/${command.vrf} 2>/dev/null; rm -f /run/netns/${command.vrf}`, commandText(command));
        return;
    }
  }

  /** The namespaces `steps` exposed, once zebra has bound them: only then may frr.conf name them. */
  async ready(steps: readonly DeviceStep[], frr: Frr): Promise<void> {
    const vrfs = steps.flatMap((s) => s.commands.flatMap((c) => (c.run === 'expose' ? [c.vrf] : [])));
    const deadline = Date.now() + BIND_WAIT_MS;
    for (;;) {
      const shown = await frr.text('show vrf');
      const waiting = vrfs.filter((v) => !boundVrfs(shown, vrfs).includes(v));
      if (waiting.length === 0) return;
      if (Date.now() > deadline) {
        // not a failure that stops frr.conf: the rest of the node still converges, and the next apply looks again
        this.log('warn', 'devices', `zebra has not bound the namespace of VRF ${waiting.join(', ')}: ${tail(shown, 5).join(' | ')}`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, BIND_POLL_MS));
    }
  }

  /** zebra can miss an L3VNI's VXLAN device that arrived with its namespace: a link flap makes it look again. */
  async settle(desired: NodeDevices, frr: Frr): Promise<void> {
    if (desired.vnis.length === 0) return;
    const vnis = await frr.show('show evpn vni json');
    for (const v of desired.vnis) {
      const seen = isObject(vnis) ? vnis[String(v.vni)] : undefined;
      if (isObject(seen) && seen.vxlanIf === v.vxlan) continue;
      const ns = `${this.prefix}${v.vrf}`;
      this.log('info', 'devices', `zebra has not bound ${v.vxlan} to VNI ${v.vni}: flapping it in ${ns}`);
      await runIp(['-n', ns, 'link', 'set', v.vxlan, 'down'], `flap ${v.vxlan}`);
      await runIp(['-n', ns, 'link', 'set', v.vxlan, 'up'], `flap ${v.vxlan}`);
    }
  }
}
