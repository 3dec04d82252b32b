/**
 * A cage's breakout mode is the one CONFIG_DB field Weft sets but never changes on a running
 * switch: SONiC changes it only through dynamic port breakout (`config interface breakout`), which
 * deletes and re-creates the cage's PORT entries from the platform's port map. Writing the field
 * alone would leave PORT entries that do not match the hardware. So a difference is reported,
 * with the command that resolves it, and the switch is not programmed until it is resolved.
 */
import type { Entries } from './entries.js';

const TABLE = 'BREAKOUT_CFG|';

/** One message per port whose breakout mode on the switch differs from the wiring's. */
export function breakoutConflicts(desired: Entries, actual: Entries): string[] {
  const out: string[] = [];
  for (const [key, fields] of Object.entries(desired)) {
    if (!key.startsWith(TABLE)) continue;
    const wanted = fields.brkout_mode;
    const current = actual[key]?.brkout_mode;
    if (wanted === undefined || current === undefined || current === wanted) continue;
    const port = key.slice(TABLE.length);
    out.push(`${port} is in breakout mode ${current}, the wiring wants ${wanted}: run \`config interface breakout ${port} ${wanted}\` on the switch (Weft does not re-create ports itself)`);
  }
  return out;
}
