/**
 * Leader election against a real kube-apiserver: a leader whose renewal hangs (a link that drops
 * everything, a stalled event loop, an apiserver that does not answer) must have stopped leading
 * before another candidate takes the Lease over, or two controllers write at once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { CutProxy } from '../../../test/support/cut-proxy.js';
import { LeaderElector } from '../src/leader.js';
import { controlPlane, eventually, freshNamespace } from './support/kube.js';

const env = await controlPlane();

/** The same kubeconfig, with the apiserver reached through `port` on loopback. */
function through(kc: k8s.KubeConfig, port: number): k8s.KubeConfig {
  const copy = new k8s.KubeConfig();
  copy.loadFromString(kc.exportConfig());
  const current = copy.getCurrentCluster()?.name;
  copy.clusters = copy.clusters.map((cluster) => (cluster.name === current ? { ...cluster, server: `https://127.0.0.1:${port}` } : cluster));
  return copy;
}

test('a leader whose renewal hangs has stepped down before another candidate takes the Lease', { skip: env.skip }, async () => {
  const plane = env.plane;
  assert.ok(plane !== undefined);
  const namespace = await freshNamespace(plane);
  const apiserver = new URL(plane.kc.getCurrentCluster()?.server ?? '');
  const link = await CutProxy.start({ port: Number(apiserver.port) });
  const events: string[] = [];
  const candidate = (identity: string, kc: k8s.KubeConfig): LeaderElector =>
    new LeaderElector(
      kc,
      { namespace, name: 'weft-controller', identity, leaseDurationMs: 4000, renewDeadlineMs: 3000, retryPeriodMs: 500 },
      {
        onStartedLeading: () => {
          events.push(`${identity} leads`);
          return Promise.resolve();
        },
        onStoppedLeading: () => {
          events.push(`${identity} stopped`);
          return Promise.resolve();
        },
        log: () => undefined,
      },
    );
  const a = candidate('a', through(plane.kc, link.port));
  const b = candidate('b', plane.kc);
  try {
    a.start();
    await eventually('a leads', () => (a.isLeader ? true : undefined));
    b.start();
    link.hold(); // a's next round goes out and never comes back
    await eventually('b takes the Lease', () => (events.includes('b leads') ? true : undefined));
    assert.deepEqual(events, ['a leads', 'a stopped', 'b leads']);
  } finally {
    link.restore();
    await b.stop();
    await a.stop();
    await link.close();
  }
});
