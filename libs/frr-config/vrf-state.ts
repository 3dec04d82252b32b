/**
 * What zebra's `show vrf` says about netns VRFs (`zebra -n`). A VRF only comes up when zebra's
 * inotify watch on /run/netns sees its namespace, about a second after it appears; when a `vrf X /
 * netns /run/netns/X` line arrives first, zebra binds the VRF to the path without a namespace id
 * ("Can not enable NS ... Invalid NSID") and then refuses the namespace when the watch does see it
 * ("already configured"): the VRF stays `inactive`. `showVrf`: the text of `show vrf`.
 */

/** The VRFs of `wanted` zebra has bound to a namespace (`vrf X id N netns /run/netns/X`). */
export function boundVrfs(showVrf: string, wanted: readonly string[]): string[] {
  const bound = new Set<string>();
  for (const line of showVrf.split('\n')) {
    const match = /^vrf (\S+) id \d+ netns \S/.exec(line.trim());
    if (match?.[1] !== undefined) bound.add(match[1]);
  }
  return wanted.filter((vrf) => bound.has(vrf)).sort();
}

/** The VRFs of `wanted` zebra holds as `inactive`. */
export function inactiveVrfs(showVrf: string, wanted: readonly string[]): string[] {
  const inactive = new Set<string>();
  for (const line of showVrf.split('\n')) {
    const match = /^vrf (\S+) inactive\b/.exec(line.trim());
    if (match?.[1] !== undefined) inactive.add(match[1]);
  }
  return wanted.filter((vrf) => inactive.has(vrf)).sort();
}

/** The VRFs an frr.conf names in `vrf X` stanzas, in order, each once. */
export function vrfsNamed(config: string): string[] {
  const out: string[] = [];
  for (const line of config.split('\n')) {
    const vrf = /^vrf (\S+)\s*$/.exec(line)?.[1];
    if (vrf !== undefined && !out.includes(vrf)) out.push(vrf);
  }
  return out;
}
