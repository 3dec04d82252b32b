/**
 * Progress of long work (a compile of a large fabric) on a terminal: each phase replaces the
 * previous one on a single stderr line, which is cleared when the work ends, so nothing of it
 * stays in the output. Without a terminal (a pipe, a file, CI) nothing is printed at all.
 */
import type { Io } from './context.js';

export interface Progress {
  /** the phase now running, e.g. "compiling 2,000 VPCs" */
  phase(text: string): void;
  /** the work is over: the line goes */
  done(): void;
}

const CLEAR_LINE = '\r\u001b[K';
const SILENT: Progress = { phase: () => undefined, done: () => undefined };

export function progressOn(io: Io, command: string): Progress {
  if (io.interactive !== true) return SILENT;
  let shown = false;
  return {
    phase(text) {
      shown = true;
      io.err(`${CLEAR_LINE}weft ${command}: ${text}...`);
    },
    done() {
      if (shown) io.err(CLEAR_LINE);
      shown = false;
    },
  };
}

/** `4200` -> `4,200`. */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}
