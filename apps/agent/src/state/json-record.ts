/**
 * A small JSON document in the agent's state directory, replaced atomically (write, fsync,
 * rename), so a kill at any moment leaves the old or the new version, never half of one.
 */
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

export class JsonRecord<T> {
  constructor(readonly file: string) {}

  /** The stored value; undefined when there is none or it cannot be read (the caller starts afresh). */
  async read(): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as T;
    } catch {
      return undefined;
    }
  }

  async write(value: T): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(value)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.file);
  }
}
