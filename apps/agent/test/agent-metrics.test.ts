// The agent's /metrics as Prometheus scrapes it (--metrics-address), fed the way the loop feeds
// it: generations, applies, drift, and an observation read from what FRR 8.4 printed on leaf1 in
// the lab. Every series is named weft_agent_* (process ones under their standard names) and
// carries the switch; promtool finds nothing to complain about; a session that goes away leaves
// no stale series.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { bgpNeighborsFrom, evpnMacsFrom, localVnisFrom, remoteVtepsFrom } from '#frr-config';
import { REPO_ROOT } from '#testing';
import { LEAF1_BGP, LEAF1_INTERFACES, LEAF1_MAC, LEAF1_VNI_DETAIL } from '../../../libs/frr-config/fixtures/lab-leaf.js';
import { freePort } from '../../api/src/net.js';
import type { DeviceObservation } from '../src/core/device-driver.js';
import { createAgentMetrics } from '../src/metrics/agent-metrics.js';
import { parseMetricsAddress, serveMetrics } from '../src/metrics/metrics-server.js';

function leaf1(): DeviceObservation {
  return {
    bgpNeighbors: bgpNeighborsFrom(LEAF1_BGP).map((n) => ({ ...n, families: n.families.map((f) => ({ ...f })) })),
    remoteVteps: remoteVtepsFrom(LEAF1_VNI_DETAIL).map((v) => ({ ip: v.ip, vnis: [...v.vnis] })),
    vnis: localVnisFrom(LEAF1_VNI_DETAIL, LEAF1_INTERFACES).map(({ remoteVteps, ...v }) => ({ ...v, ...(remoteVteps === undefined ? {} : { remoteVteps: [...remoteVteps] }) })),
    evpnMacs: evpnMacsFrom(LEAF1_MAC, 512).macs.map((m) => ({ ...m })),
    ports: [{ name: 'Ethernet0', admin: 'up', oper: 'up' }, { name: 'Ethernet4', admin: 'up', oper: 'down' }],
  };
}

/** Each sample as `name{labels sorted} value`, whatever order prom-client printed the labels in. */
function samples(text: string): Set<string> {
  return new Set(
    text.split('\n').flatMap((line) => {
      const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (match === null) return [];
      const labels = (match[2] ?? '').split(/,(?=\w+=)/).filter((l) => l !== '').sort().join(',');
      return [`${match[1] ?? ''}{${labels}} ${match[3] ?? ''}`];
    }),
  );
}

async function scrape(url: string): Promise<string> {
  const response = await fetch(url);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return response.text();
}

test('a scrape shows the device: sessions and prefixes per VRF, peer and family, VNIs, MACs, ports, generations, applies, drift', async (t) => {
  const metrics = createAgentMetrics('leaf1');
  const address = parseMetricsAddress(`127.0.0.1:${await freePort()}`);
  assert.ok(address !== undefined);
  const server = await serveMetrics(metrics.registry, address);
  t.after(() => server.close());
  const url = `http://127.0.0.1:${address.port}/metrics`;
  metrics.desired(4);
  metrics.applied(0.42, true, 4);
  metrics.applied(3, false);
  metrics.drift(2);
  metrics.observed(leaf1(), 1_765_000_000);
  const text = await scrape(url);
  const lines = [
    'weft_agent_desired_generation{switch="leaf1"} 4',
    'weft_agent_applied_generation{switch="leaf1"} 4',
    'weft_agent_apply_duration_seconds_count{result="ok",switch="leaf1"} 1',
    'weft_agent_apply_duration_seconds_count{result="error",switch="leaf1"} 1',
    'weft_agent_drift_events_total{switch="leaf1"} 2',
    'weft_agent_bgp_session_established{vrf="default",peer="Ethernet48",family="l2VpnEvpn",switch="leaf1"} 1',
    'weft_agent_bgp_session_established{vrf="default",peer="Ethernet52",family="ipv4Unicast",switch="leaf1"} 1',
    'weft_agent_vni_up{vni="10003",type="L2",vrf="Vrf1",switch="leaf1"} 1',
    'weft_agent_vni_up{vni="10000",type="L3",vrf="Vrf1",switch="leaf1"} 1',
    'weft_agent_vni_remote_vteps{vni="10003",switch="leaf1"} 1',
    'weft_agent_remote_vteps{switch="leaf1"} 2',
    'weft_agent_evpn_macs{type="local",switch="leaf1"} 2',
    'weft_agent_evpn_macs{type="remote",switch="leaf1"} 3',
    'weft_agent_port_oper_up{port="Ethernet4",switch="leaf1"} 0',
    'weft_agent_last_observation_timestamp_seconds{switch="leaf1"} 1765000000',
  ];
  const got = samples(text);
  for (const line of samples(lines.join('\n'))) assert.ok(got.has(line), `${line}\nin\n${text}`);
  assert.match(text, /^weft_agent_bgp_prefixes_received\{vrf="default",peer="Ethernet48",family="l2VpnEvpn",switch="leaf1"\} [1-9]\d*$/m);
  assert.match(text, /^process_resident_memory_bytes\{switch="leaf1"\} \d+/m);
  const families = [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1] ?? '');
  assert.deepEqual(families.filter((name) => !/^(process_|nodejs_|weft_agent_)/.test(name)), []);

  const promtool = spawnSync('bash', [join(REPO_ROOT, 'scripts/promtool.sh')], { encoding: 'utf8' });
  assert.equal(promtool.status, 0, `promtool is available (scripts/promtool.sh): ${promtool.stderr}`);
  const check = spawnSync(promtool.stdout.trim(), ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(`${check.stdout}${check.stderr}`, '', 'promtool reports no problem');
  assert.equal(check.status, 0);

  // the session to spine2 goes away: its series go with it
  const observation = leaf1();
  metrics.observed({ ...observation, bgpNeighbors: (observation.bgpNeighbors ?? []).filter((n) => n.peer !== 'Ethernet52') }, 1_765_000_005);
  const after = await scrape(url);
  assert.ok(!after.includes('peer="Ethernet52"'), 'no stale series');
  assert.ok(after.includes('peer="Ethernet48"'));
  assert.equal((await fetch(`http://127.0.0.1:${address.port}/other`)).status, 404);
});

test('--metrics-address takes HOST:PORT, [v6]:PORT and :PORT, nothing else', () => {
  assert.deepEqual(parseMetricsAddress('127.0.0.1:9101'), { host: '127.0.0.1', port: 9101 });
  assert.deepEqual(parseMetricsAddress('[::1]:9101'), { host: '::1', port: 9101 });
  assert.deepEqual(parseMetricsAddress(':9101'), { host: '0.0.0.0', port: 9101 });
  for (const bad of ['9101', 'host:', 'host:0', 'host:70000', '::1:9101', 'a b:1']) assert.equal(parseMetricsAddress(bad), undefined, bad);
});
