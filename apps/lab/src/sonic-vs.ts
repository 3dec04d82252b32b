/**
 * `--sonic-vs`: SONiC-VS containers need a Docker engine and the docker-sonic-vs image. This
 * build runs switches in the namespace emulation only; the notice says which of the two is
 * missing here, or that the containers are not used even though they could be.
 */
import { run } from './system.js';

export async function sonicVsNotice(): Promise<string> {
  const docker = await run(['docker', 'image', 'ls', '--format', '{{.Repository}}:{{.Tag}}']).catch(() => undefined);
  if (docker === undefined) return '--sonic-vs: there is no Docker engine on this machine, so no SONiC-VS; the switches run in the namespace emulation (Redis CONFIG_DB + shim + FRR), which is not SONiC-VS';
  if (docker.code !== 0) return `--sonic-vs: Docker does not answer (${docker.stderr.trim().split('\n')[0] ?? ''}), so no SONiC-VS; the switches run in the namespace emulation, which is not SONiC-VS`;
  const image = docker.stdout.split('\n').find((line) => line.includes('docker-sonic-vs'));
  if (image === undefined) return '--sonic-vs: Docker is here but no docker-sonic-vs image; the switches run in the namespace emulation, which is not SONiC-VS';
  return `--sonic-vs: ${image} is here, but this build does not run switches in SONiC-VS containers yet; the switches run in the namespace emulation, which is not SONiC-VS`;
}
