/**
 * `weft lab up|apply|status|exec|test|down`: the virtual lab (docs/lab.md). Every subcommand takes
 * `--dir` (default WEFT_LAB_DIR or /tmp/weft-lab), where the lab keeps its state. The lab's code
 * loads only here, so the other commands do not pay for it.
 */
import type { Command } from 'commander';
import type { CommandModule } from '../command.js';
import { files, withFilenames } from '../command.js';
import { EXIT_FAILURE, EXIT_INVALID, EXIT_OK, UsageError, type CliContext } from '../context.js';

interface DirOptions {
  readonly dir?: string;
}

async function labModule() {
  return {
    state: await import('../../lab/src/lab-state.js'),
    api: await import('../../lab/src/api.js'),
  };
}

async function openLab(context: CliContext, options: DirOptions) {
  const { state: stateModule, api: apiModule } = await labModule();
  const dir = stateModule.labDir(options, context.env);
  const state = await stateModule.readState(dir);
  if (state?.plan === undefined) throw new UsageError(`no lab in ${dir}: start one with \`weft lab up -f PATH...\``);
  const { readFile } = await import('node:fs/promises');
  let token: string;
  try {
    token = (await readFile(stateModule.tokenPath(dir, 'architect'), 'utf8')).trim();
  } catch {
    throw new UsageError(`the lab in ${dir} did not finish starting (no API token yet): \`weft lab down\`, then \`weft lab up\` again`);
  }
  if (state.serve === undefined) throw new UsageError(`the lab in ${dir} has no service`);
  return { dir, state, plan: state.plan, api: new apiModule.LabApi(state.serve.url, token) };
}

function withDir(command: Command): Command {
  return command.option('--dir <dir>', 'the lab directory (default: WEFT_LAB_DIR or /tmp/weft-lab)');
}

export const labCommand: CommandModule = {
  register(program, context, run) {
    const { io } = context;
    const lab = program.command('lab').description('the virtual lab: the fabric in network namespaces with FRR, Redis CONFIG_DB and the real agents');

    withDir(withFilenames(lab.command('up')))
      .description('build the fabric of the files on this machine (root), start weft serve and the agents, wait until BGP is up')
      .option('--prefix <prefix>', 'prefix of every network namespace the lab makes', 'weft-')
      .option('--timeout <seconds>', 'how long to wait for agents and BGP sessions', '180')
      .option('--sonic-vs', 'use SONiC-VS containers where Docker and the image exist (says plainly when not, and uses the namespace emulation)')
      .action((options: DirOptions & { filename?: string[]; prefix: string; timeout: string; sonicVs?: boolean }) =>
        run(async () => {
          const list = files(options);
          if (list.length === 0) throw new UsageError('-f PATH is required (the wiring and the intents)');
          const timeout = Number(options.timeout);
          if (!Number.isInteger(timeout) || timeout < 1) throw new UsageError('--timeout must be a whole number of seconds');
          const { state } = await labModule();
          const { labUp } = await import('../../lab/src/up.js');
          return labUp({ files: list, dir: state.labDir(options, context.env), prefix: options.prefix, sonicVs: options.sonicVs === true, timeoutSeconds: timeout, io });
        }),
      );

    withDir(withFilenames(lab.command('apply')))
      .description('create or replace the objects of the files through the lab\'s API')
      .action((options: DirOptions & { filename?: string[] }) =>
        run(async () => {
          const list = files(options);
          if (list.length === 0) throw new UsageError('-f PATH is required');
          const { api } = await openLab(context, options);
          const { labApply } = await import('../../lab/src/apply.js');
          return labApply(api, list, io);
        }),
      );

    withDir(lab.command('status'))
      .description('BGP sessions, applied generation and drift per switch; addresses per server')
      .option('--json', 'machine-readable output')
      .action((options: DirOptions & { json?: boolean }) =>
        run(async () => {
          const { dir, plan, api } = await openLab(context, options);
          const { formatStatus, labStatus } = await import('../../lab/src/status.js');
          const status = await labStatus(dir, plan, api);
          io.out(options.json === true ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
          return EXIT_OK;
        }),
      );

    withDir(lab.command('exec'))
      .description('run a command in a node (switch, server or outside peer): weft lab exec leaf1 -- vtysh -c "show bgp summary"')
      .argument('<node>', 'a switch, server or outside peer (named by its connection)')
      .argument('<command...>', 'the command and its arguments, after --')
      .action((node: string, command: string[], options: DirOptions) =>
        run(async () => {
          const { state: stateModule } = await labModule();
          const dir = stateModule.labDir(options, context.env);
          const state = await stateModule.readState(dir);
          if (state?.plan === undefined) throw new UsageError(`no lab in ${dir}`);
          const { execTarget, runAttached } = await import('../../lab/src/exec.js');
          const target = await execTarget(state, node, command);
          if (target === undefined) {
            const names = [...state.plan.switches, ...state.plan.servers, ...state.plan.peers].map((n) => n.name).join(', ');
            throw new UsageError(`no node ${JSON.stringify(node)} in the lab (nodes: ${names})`);
          }
          return runAttached(target.command);
        }),
      );

    withDir(lab.command('test'))
      .description('check the reachability the intents promise with real packets; prints the matrix, exit 0 only when all is as intended')
      .option('--json', 'machine-readable output')
      .option('--settle <seconds>', 'how long to wait for agents and server addresses first', '90')
      .action((options: DirOptions & { json?: boolean; settle: string }) =>
        run(async () => {
          const settle = Number(options.settle);
          if (!Number.isInteger(settle) || settle < 0) throw new UsageError('--settle must be a whole number of seconds');
          const { plan, api } = await openLab(context, options);
          const { labTest } = await import('../../lab/src/probe.js');
          const report = await labTest(api, plan, { settleSeconds: settle, color: options.json !== true && process.stdout.isTTY });
          io.out(options.json === true ? `${JSON.stringify({ ok: report.ok, results: report.results, skipped: report.skipped, unleased: report.unleased }, null, 2)}\n` : report.text);
          return report.ok ? EXIT_OK : EXIT_INVALID;
        }),
      );

    withDir(lab.command('down'))
      .description('stop every process, delete every namespace and file of the lab (also after a failed or interrupted up)')
      .action((options: DirOptions) =>
        run(async () => {
          const { state } = await labModule();
          const { labDown } = await import('../../lab/src/down.js');
          return labDown(state.labDir(options, context.env), io);
        }),
      );

    withDir(lab.command('shim', { hidden: true }))
      .description('the lab\'s data-plane shim (started by `weft lab up`)')
      .action((options: DirOptions) =>
        run(async () => {
          const { state } = await labModule();
          const { runShim } = await import('../../lab/src/shim/daemon.js');
          const controller = new AbortController();
          const stop = (): void => {
            controller.abort();
          };
          process.once('SIGTERM', stop);
          process.once('SIGINT', stop);
          try {
            await runShim({ dir: state.labDir(options, context.env), signal: controller.signal });
          } catch (e) {
            io.err(`weft lab shim: ${e instanceof Error ? e.message : String(e)}\n`);
            return EXIT_FAILURE;
          }
          return EXIT_OK;
        }),
      );

    for (const command of lab.commands) {
      command.exitOverride().configureOutput({
        writeOut: (text) => {
          io.out(text);
        },
        writeErr: (text) => {
          io.err(text);
        },
        outputError: (text, write) => {
          write(`weft lab ${command.name()}: ${text.replace(/^error: /, '')}`);
        },
      });
    }
  },
};
