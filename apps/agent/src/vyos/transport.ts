/**
 * How the VyOS driver reaches a router: it runs one vbash script at a time and gets its output.
 * Two implementations: SSH (ssh2) and the QEMU guest agent. Both deliver the script as a file
 * the router runs with vbash, so the script never passes through a command line or a here-document.
 */
export interface ScriptRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export interface RunOptions {
  readonly timeoutMs: number;
}

export interface VyosTransport {
  /** `ssh vyos@host:22`, `qga /run/.../qga.sock`: for messages */
  readonly description: string;
  /**
   * Runs a vbash script on the router. Throws a retryable DeviceError when the router cannot be
   * reached or the connection is lost (the script may or may not have run), a non-retryable one
   * when it refuses us for good (host key, credentials).
   */
  runScript(script: string, options: RunOptions): Promise<ScriptRun>;
  /** Drops the connection; the next call opens a new one (to prove the router is still reachable). */
  reconnect(): Promise<void>;
  close(): Promise<void>;
}
